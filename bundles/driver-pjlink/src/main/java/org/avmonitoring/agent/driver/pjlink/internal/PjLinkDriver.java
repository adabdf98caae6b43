package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.CheckTrigger;
import org.avmonitoring.agent.api.driver.DeviceDiscovery;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.DiscoveredDevice;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PJLink driver (class 1 and class 2 projectors and displays, TCP 4352). One I/O thread serves every device:
 * polls are state machines on a selector, one connection per device at a time, at most
 * {@link Config#maxConnections()} connections at once. Optionally listens for class 2 status notifications and
 * offers a class 2 search as {@link DeviceDiscovery}.
 */
// The PID is the class name from before the move to .internal, so existing .cfg files keep applying.
@Component(configurationPid = "org.avmonitoring.agent.driver.pjlink.PjLinkDriver",
        service = {DeviceDriver.class, DeviceDiscovery.class}, property = DeviceDriver.TYPE + "=" + PjLinkDriver.TYPE_NAME)
@Designate(ocd = PjLinkDriver.Config.class)
public class PjLinkDriver implements DeviceDriver, DeviceDiscovery {

    static final String TYPE_NAME = "pjlink";

    @ObjectClassDefinition(name = "avmonitoring PJLink driver",
            description = "Polls PJLink projectors and displays; class 2 status notifications and search.")
    public @interface Config {
        @AttributeDefinition(name = "Maximum simultaneous connections", min = "1", max = "4096",
                description = "Polls beyond this wait (within their deadline) for a free connection.")
        int maxConnections() default 128;

        @AttributeDefinition(name = "Details refresh (s)", min = "0",
                description = "Every poll asks power and errors; input, A/V mute, lamp and filter hours and input"
                        + " resolution are asked again when older than this or when the power state changed, and"
                        + " reported from the last answers in between. 0 asks everything at every poll.")
        int detailsRefreshS() default 300;

        @AttributeDefinition(name = "Listen for status notifications",
                description = "Class 2 projectors push power/input/error changes to UDP 4352; each one triggers an immediate check.")
        boolean notificationsEnabled() default false;

        @AttributeDefinition(name = "Notification bind address")
        String notificationsBindAddress() default "0.0.0.0";

        @AttributeDefinition(name = "Notification UDP port", min = "1", max = "65535")
        int notificationsPort() default 4352;

        @AttributeDefinition(name = "Search address", description = "Where %2SRCH is sent: the broadcast address of the AV"
                + " network, or several addresses separated by commas (each one is sent the search).")
        String searchAddress() default "255.255.255.255";

        @AttributeDefinition(name = "Search UDP port", min = "1", max = "65535")
        int searchPort() default 4352;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PjLinkDriver.class);
    private static final Duration MAX_SEARCH = Duration.ofSeconds(60);

    private volatile CheckTrigger checkTrigger;

    private volatile Config config;
    // Read from the config once, not per check (a configuration's getters are proxy calls).
    private volatile int maxConnections;
    private volatile long detailsRefreshMs;
    private final SettingsCache settings = new SettingsCache();
    private IoLoop loop;
    private ThreadPoolExecutor resolver;
    private String driverVersion;
    private volatile boolean stopping;

    // I/O thread only.
    private final Map<String, DeviceMemory> memories = new HashMap<>();
    private final ArrayDeque<PjLinkSession> waiting = new ArrayDeque<>();
    private final Set<PjLinkSession> running = new HashSet<>();
    private final Set<String> busyDevices = new HashSet<>();
    private final Consumer<PjLinkSession> onFinish = this::finished;
    private NotificationListener listener;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCheckTrigger(CheckTrigger trigger) {
        this.checkTrigger = trigger;
    }

    void unbindCheckTrigger(CheckTrigger trigger) {
        if (checkTrigger == trigger) {
            checkTrigger = null;
        }
    }

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        setConfig(config);
        this.driverVersion = context == null ? null : context.getBundle().getVersion().toString();
        this.resolver = new ThreadPoolExecutor(0, 2, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "pjlink-dns");
            t.setDaemon(true);
            return t;
        });
        this.loop = new IoLoop("pjlink-io");
        loop.execute(() -> applyListenerConfig(config));
        LOG.info("PJLink driver started (at most {} connections, notifications {})", config.maxConnections(),
                config.notificationsEnabled() ? "on UDP " + config.notificationsBindAddress() + ":" + config.notificationsPort() : "off");
    }

    @Modified
    void modified(Config newConfig) {
        setConfig(newConfig);
        loop.execute(() -> {
            applyListenerConfig(newConfig);
            pump();
        });
    }

    private void setConfig(Config c) {
        config = c;
        maxConnections = c.maxConnections();
        detailsRefreshMs = TimeUnit.SECONDS.toMillis(Math.max(0, c.detailsRefreshS()));
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        // Closes every socket and completes every pending check before the thread ends.
        loop.close();
        resolver.shutdownNow();
        try {
            if (!resolver.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("a PJLink host name lookup is still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("PJLink driver stopped");
    }

    @Override
    public DriverDescription description() {
        return PjLinkDescription.DESCRIPTION;
    }

    /** Drops the device's class, identity, details and authentication back-off, on the I/O thread that owns them. */
    @Override
    public void forget(String deviceId) {
        settings.forget(deviceId);
        loop.execute(() -> memories.remove(deviceId));
    }

    /** Device memories held now, read on the I/O thread (tests: {@link #forget} frees them). */
    CompletableFuture<Integer> remembered() {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        if (!loop.execute(() -> n.complete(memories.size()))) {
            n.complete(0);
        }
        return n;
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return PjLinkSettings.validate(device);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant startedAt = Instant.now();
        long deadlineMs = Math.max(1, deadline.toMillis());
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        SettingsCache.Entry prepared = settings.of(device);
        if (prepared.settings() == null) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(startedAt, prepared.problems()));
        }
        PjLinkSettings s = prepared.settings();
        CompletableFuture<CheckResult> future = new CompletableFuture<>();
        boolean accepted = loop.execute(() -> {
            if (future.isDone()) {
                return;
            }
            PjLinkSession session = new PjLinkSession(loop, resolver, device.id(), s, memoryOf(device.id(), s),
                    startedAt, deadlineNanos, deadlineMs, future, onFinish, detailsRefreshMs, driverVersion);
            future.whenComplete(session); // a cancelled future ends the session and closes its socket
            waiting.add(session);
            pump();
            session.armDeadline();
        });
        if (!accepted) {
            future.complete(CheckResult.unknown(startedAt, "PJLink driver stopped"));
        }
        return future;
    }

    @Override
    public CompletableFuture<List<DiscoveredDevice>> discover(Duration duration) {
        Config c = config;
        CompletableFuture<List<DiscoveredDevice>> future = new CompletableFuture<>();
        long ms = Math.max(0, Math.min(duration.toMillis(), MAX_SEARCH.toMillis()));
        List<InetSocketAddress> targets = SearchRound.targets(c.searchAddress(), c.searchPort());
        if (!loop.execute(() -> SearchRound.start(loop, targets, ms, future))) {
            future.complete(List.of());
        }
        return future;
    }

    // ----- I/O thread -----

    private DeviceMemory memoryOf(String deviceId, PjLinkSettings settings) {
        DeviceMemory m = memories.get(deviceId);
        if (m == null || !m.endpoint.equals(settings.endpoint())) {
            m = new DeviceMemory(settings.endpoint());
            memories.put(deviceId, m);
        }
        return m;
    }

    /** Starts waiting sessions while connections are free, never two of the same device at once. */
    private void pump() {
        if (stopping || waiting.isEmpty()) {
            return;
        }
        int max = maxConnections;
        Iterator<PjLinkSession> it = waiting.iterator();
        while (it.hasNext() && running.size() < max) {
            PjLinkSession s = it.next();
            if (s.isDone()) {
                it.remove();
            } else if (!busyDevices.contains(s.deviceId())) {
                it.remove();
                running.add(s);
                busyDevices.add(s.deviceId());
                s.start();
            }
        }
    }

    private void finished(PjLinkSession s) {
        if (running.remove(s)) {
            busyDevices.remove(s.deviceId());
        } else {
            waiting.remove(s);
        }
        pump();
    }

    private void applyListenerConfig(Config c) {
        if (listener != null) {
            listener.stop();
            listener = null;
        }
        if (!c.notificationsEnabled()) {
            return;
        }
        InetSocketAddress bind = new InetSocketAddress(c.notificationsBindAddress(), c.notificationsPort());
        try {
            listener = NotificationListener.open(loop, bind, this::notified);
            LOG.info("listening for PJLink status notifications on UDP {}", listener.localAddress());
        } catch (IOException e) {
            LOG.error("cannot listen for PJLink status notifications on UDP {}: {}", bind, e.toString());
        }
    }

    private void notified(String host) {
        CheckTrigger t = checkTrigger;
        if (t != null) {
            t.checkNow(TYPE_NAME, host);
        }
    }
}
