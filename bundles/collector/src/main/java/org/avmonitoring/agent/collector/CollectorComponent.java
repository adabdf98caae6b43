package org.avmonitoring.agent.collector;

import java.nio.file.Path;
import java.time.Instant;

import org.avmonitoring.agent.api.AgentDataDir;
import org.avmonitoring.agent.api.config.ConfigListener;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.driver.CheckTrigger;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverSelection;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.avmonitoring.agent.api.monitor.ResultListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector in the container. Drivers and result listeners are whiteboards (dynamic, any number), so a driver
 * bundle may come, go or be updated while the agent runs; configuration changes arrive through a
 * {@link ConfigListener}. The knobs below apply live ({@code @Modified}), without losing the live state.
 *
 * <p>The listener is registered by hand in {@link #activate}, not as a service of this component: the config store
 * binds every listener, and this component needs the config store, so as a DS service the pair would be a service
 * cycle (SCR logs "ServiceFactory.getService() resulted in a cycle" and binds late). The {@link Collector} itself is
 * registered by hand too, as {@link MonitorService} and {@link CheckTrigger}, rather than this component forwarding
 * each call to it.
 */
@Component(immediate = true, configurationPid = CollectorComponent.PID, service = {})
@Designate(ocd = CollectorComponent.Config.class)
public class CollectorComponent {
    static final String PID = "org.avmonitoring.agent.collector";
    private static final Logger LOG = LoggerFactory.getLogger(CollectorComponent.class);

    @ObjectClassDefinition(name = "AV Monitoring collector",
            description = "Polling of the devices in config.json (intervals are per device, in config.json).")
    public @interface Config {
        @AttributeDefinition(name = "Checks in flight (max)", description = "All devices together; a cycle that would"
                + " exceed it is skipped and logged.")
        int max_checks_in_flight() default 2000;

        @AttributeDefinition(name = "Default check deadline (ms)", description = "For devices that set no timeout_ms;"
                + " never more than 90 % of the device's interval.")
        int default_deadline_ms() default 5000;

        @AttributeDefinition(name = "History points per device (max)",
                description = "1440 = 24 h at a 60 s interval. Coarser slots are used when 24 h would need more.")
        int history_max_points() default 1440;

        @AttributeDefinition(name = "History memory (MB)", description = "For all devices together: 7 bytes per"
                + " check while each check gets its own point, 3 bytes per slot when coarser (1, 2, 5, 10, 15, 60 min"
                + " slots over 24 h, the finest that fits). 4 MB: 2 min slots for 1,000 devices at 15 s, 15 min for"
                + " 10,000; every check of 24 h for 100 devices at 60 s.")
        int history_budget_mb() default 4;
    }

    @Reference
    private ConfigService configService;

    private final DriverRegistry drivers = new DriverRegistry();
    private final ResultPublisher publisher = new ResultPublisher();
    private ClockScheduler scheduler;
    private Collector collector;
    private ServiceRegistration<ConfigListener> configListener;
    private ServiceRegistration<?> services;
    private static final long TREND_SAVE_MS = 3_600_000;
    private TrendStore trends;
    private Path trendFile;
    private volatile TaskScheduler.Cancellable trendSave;

    @Activate
    void activate(BundleContext context, Config config) {
        scheduler = new ClockScheduler();
        Path dataDir = AgentDataDir.of(context);
        trendFile = dataDir.resolve("trends.bin");
        trends = TrendStore.load(trendFile);
        collector = new Collector(scheduler, drivers, publisher, settings(config),
                new MaintenanceBook(dataDir.resolve("maintenance.txt"), Instant.ofEpochMilli(scheduler.nowMillis())),
                trends);
        saveTrendsHourly();
        SiteConfig current = configService.current();
        collector.apply(current);
        // Re-reads the service's state rather than trusting the event's order against the apply above.
        ConfigListener onChange = (previous, now) -> scheduler.execute(() -> collector.apply(configService.current()));
        configListener = context.registerService(ConfigListener.class, onChange, null);
        services = context.registerService(new String[] {MonitorService.class.getName(), CheckTrigger.class.getName()},
                collector, null);
        LOG.info("collector started: {} devices configured, drivers for {}", current.devices().size(), drivers.types());
    }

    /** On a lane of its own: writing the file never holds up the clock thread. */
    private void saveTrendsHourly() {
        trendSave = scheduler.schedule(() -> {
            scheduler.dispatch("trend-store", () -> trends.save(trendFile));
            saveTrendsHourly();
        }, TREND_SAVE_MS);
    }

    @Modified
    void modified(Config config) {
        collector.updateSettings(settings(config));
        // the same configuration again: nothing is rescheduled, histories take their new shape
        scheduler.execute(() -> collector.apply(configService.current()));
        LOG.info("collector settings changed: {} checks in flight at most, default deadline {} ms",
                config.max_checks_in_flight(), config.default_deadline_ms());
    }

    @Deactivate
    void deactivate() {
        services.unregister();
        configListener.unregister();
        collector.close();
        trendSave.cancel();
        scheduler.shutdown();
        trends.save(trendFile);
        LOG.info("collector stopped");
    }

    private static Collector.Settings settings(Config c) {
        return new Collector.Settings(Math.max(1, c.max_checks_in_flight()), Math.max(Deadlines.MIN_MS, c.default_deadline_ms()),
                Math.max(1, c.history_max_points()), Math.max(1, c.history_budget_mb()) * 1024L * 1024L);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDriver(DeviceDriver driver, ServiceReference<DeviceDriver> ref) {
        Object type = ref.getProperty(DeviceDriver.TYPE);
        if (!(type instanceof String) || ((String) type).isBlank()) {
            LOG.warn("driver service {} has no {} property: ignored", ref.getProperty(Constants.SERVICE_ID), DeviceDriver.TYPE);
            return;
        }
        drivers.add(new DriverRegistry.Entry((String) type, driver, DriverSelection.Rank.of(ref),
                ref.getBundle().getVersion().toString()));
    }

    void unbindDriver(ServiceReference<DeviceDriver> ref) {
        drivers.remove((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindResultListener(ResultListener l) {
        publisher.add(l);
    }

    void unbindResultListener(ResultListener l) {
        publisher.remove(l);
    }
}
