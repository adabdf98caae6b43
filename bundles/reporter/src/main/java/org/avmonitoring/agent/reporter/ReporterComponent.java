package org.avmonitoring.agent.reporter;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.avmonitoring.agent.api.AgentDataDir;
import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.backend.BackendLink;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.config.ConfigListener;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.http.BackendHttp;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.avmonitoring.agent.api.monitor.ResultListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporter in the container: listens to every result (whiteboard) and to config.json changes, and offers the
 * link's state to the UI and {@code /metrics}. A change of this component's configuration, or of the backend HTTP
 * service, restarts it (no {@code @Modified}): what is pending is stored before, so nothing is lost.
 */
@Component(immediate = true, configurationPid = ReporterComponent.PID,
        service = {BackendLink.class, ResultListener.class, ConfigListener.class})
@Designate(ocd = ReporterComponent.Config.class)
public class ReporterComponent implements BackendLink, ResultListener, ConfigListener {
    static final String PID = "org.avmonitoring.agent.reporter";
    private static final Logger LOG = LoggerFactory.getLogger(ReporterComponent.class);

    @ObjectClassDefinition(name = "AV Monitoring reporter",
            description = "The reporter: results to the backend (POST /ingest) through a durable outbox. The backend"
                    + " URL, site token and intervals are in config.json; TLS, proxy and timeouts in AV Monitoring"
                    + " backend HTTP.")
    public @interface Config {
        @AttributeDefinition(name = "Outbox cap (MB)",
                description = "Disk space for batches waiting to be sent; past it the oldest are dropped and counted.")
        int outbox_max_mb() default 200;

        @AttributeDefinition(name = "Backoff minimum (ms)", description = "Wait after a first failure; doubles, with jitter.")
        int backoff_min_ms() default 2000;

        @AttributeDefinition(name = "Backoff maximum (ms)", description = "Longest wait between attempts, unless the"
                + " backend's Retry-After asks for more (up to one hour).")
        int backoff_max_ms() default 300_000;

        @AttributeDefinition(name = "Retry after a refused token (s)", description = "Wait after a 401 or 403.")
        int unauthorized_retry_s() default 600;

        @AttributeDefinition(name = "Status change delay (ms)",
                description = "A status change is reported this long after it is seen, with any other change meanwhile.")
        int status_change_delay_ms() default 2000;

        @AttributeDefinition(name = "Results per batch", description = "A batch is sealed early when this many wait.")
        int max_batch_results() default 5000;
    }

    @Reference
    private ConfigService configService;

    @Reference
    private BackendHttp http;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MonitorService monitor;

    private Reporter reporter;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        ReporterOptions options = ReporterOptions.from(config);
        OutboxStore outbox = new OutboxStore(AgentDataDir.of(context).resolve("outbox"), options.outboxCapBytes());
        String version = context.getProperty("avmonitoring.version");
        reporter = new Reporter(options, outbox, http, ReporterClock.system(),
                new BatchAssembler.Identity(version == null ? "unknown" : version, hostName(), this::lastCollectionMs));
        reporter.configure(configService.current());
        reporter.start();
    }

    @Deactivate
    void deactivate() {
        reporter.close();
    }

    @Override
    public BackendLinkStatus status() {
        return reporter.status();
    }

    @Override
    public void resultRecorded(Device device, CheckResult result, CheckResult previous) {
        recorded(device, Recorded.observed(result), previous == null ? null : Recorded.observed(previous));
    }

    @Override
    public void recorded(Device device, Recorded now, Recorded previous) {
        reporter.resultRecorded(device, now, previous);
    }

    @Override
    public void configChanged(SiteConfig previous, SiteConfig current) {
        reporter.configure(current);
    }

    private Double lastCollectionMs() {
        MonitorService m = monitor;
        return m == null ? null : m.stats().lastCollectionMs();
    }

    /** The kernel's host name, without a DNS lookup that could hang on a site with a broken resolver. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            LOG.debug("no /proc host name ({}), asking the JDK", e.toString());
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
