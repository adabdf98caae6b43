package org.avmonitoring.agent.driver.snmp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeadlineSweeper;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.HostResolver;
import org.avmonitoring.agent.api.driver.HostResolver.HostResolutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code snmp} device type: SNMP v1, v2c and v3 (USM) polls of the default AV profile plus per-device extra OIDs,
 * all through one shared SNMP4J session. At most {@code max_polls_in_flight} devices are polled at once; the others
 * wait in a queue (no thread each), so a burst of 1,000 checks does not overflow the socket's receive buffer.
 */
// The PID is the class name from before the move to .internal, so existing .cfg files keep applying.
@Component(configurationPid = "org.avmonitoring.agent.driver.snmp.SnmpDriver",
        service = DeviceDriver.class, property = DeviceDriver.TYPE + "=snmp")
@Designate(ocd = SnmpDriver.Config.class)
public class SnmpDriver implements DeviceDriver {

    @ObjectClassDefinition(name = "avmonitoring SNMP driver", description = "Polls devices of type snmp (SNMP v1, v2c, v3).")
    public @interface Config {
        @AttributeDefinition(name = "Polls in flight", description = "Devices polled at the same time; the others queue.", min = "1", max = "10000")
        int max_polls_in_flight() default 256;

        @AttributeDefinition(name = "DNS timeout (ms)", description = "Bound on resolving a device's host name.", min = "100", max = "30000")
        int dns_timeout_ms() default 2000;
    }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Map<String, DeviceMemory> memories = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private SnmpSession session;
    private HostResolver resolver;
    /**
     * Deadlines of checks: one sweeping thread, not a timer per check (nor CompletableFuture.delayedExecutor, which on
     * 2 cores or fewer runs each expiry on a new thread).
     */
    private DeadlineSweeper deadlines;
    private int maxInFlight;
    private int dnsTimeoutMs;
    private volatile boolean stopped;

    @Activate
    void activate(Config config) throws IOException {
        maxInFlight = config.max_polls_in_flight();
        dnsTimeoutMs = config.dns_timeout_ms();
        session = new SnmpSession();
        resolver = new HostResolver("avm-snmp-dns", 2);
        deadlines = new DeadlineSweeper("avm-snmp-deadlines", 50);
        log.info("SNMP driver started ({} polls in flight at most)", maxInFlight);
    }

    @Deactivate
    void deactivate() throws IOException {
        stopped = true;
        // Queued checks end now as unknown; those in flight end when SNMP4J cancels their requests on close.
        for (Runnable queued = waiting.poll(); queued != null; queued = waiting.poll()) {
            inFlight.incrementAndGet();
            queued.run();
        }
        resolver.close();
        deadlines.close();
        session.close();
        log.info("SNMP driver stopped");
    }

    @Override
    public DriverDescription description() {
        return SnmpDescription.DESCRIPTION;
    }

    /** Drops the device's uptime, identity, error counters and its v3 target (with its localized keys). */
    @Override
    public void forget(String deviceId) {
        memories.remove(deviceId);
    }

    /** Device memories held now (tests: {@link #forget} frees them). */
    int remembered() {
        return memories.size();
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return SnmpSettings.validate(device);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant now = Instant.now();
        DeviceMemory memory = memories.computeIfAbsent(device.id(), k -> new DeviceMemory());
        DeviceMemory.Definition definition = memory.definition(device);
        if (!definition.problems().isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(now, definition.problems()));
        }
        Check check = new Check(device, definition.settings(), memory, now);
        deadlines.expireAt(check.result, System.nanoTime() + deadline.toNanos(), () ->
                CheckResult.ko(now, "deadline of " + deadline.toMillis() + " ms passed while waiting for " + check.waitingFor()));
        check.result.whenComplete(check::ended);
        admit(check);
        return check.result;
    }

    /** One check from its admission to its result: waits for its turn, resolves the host, then polls the device. */
    private final class Check implements Runnable {
        final CompletableFuture<CheckResult> result = new CompletableFuture<>();
        private final Device device;
        private final SnmpSettings settings;
        private final DeviceMemory memory;
        private final Instant now;
        private volatile String waitingFor = "its turn (queued behind other polls)";
        private volatile SnmpPoll poll;

        Check(Device device, SnmpSettings settings, DeviceMemory memory, Instant now) {
            this.device = device;
            this.settings = settings;
            this.memory = memory;
            this.now = now;
        }

        String waitingFor() {
            SnmpPoll p = poll;
            return p == null ? waitingFor : "the " + p.stage();
        }

        /** Its turn has come (an admitted check, counted in flight until {@link #release}). */
        @Override
        public void run() {
            if (stopped) {
                result.complete(CheckResult.unknown(now, "SNMP driver stopped"));
            }
            if (result.isDone()) {
                release();
                return;
            }
            CompletableFuture<CheckResult> polled;
            InetAddress known = memory.address(device.host());
            if (known != null) {
                polled = pollOrFail(known);
            } else {
                waitingFor = "DNS";
                polled = resolve(device.host()).thenCompose(a -> pollOrFail(memory.resolved(device.host(), a)));
            }
            polled.whenComplete((r, t) -> {
                if (poll != null && (r == null || r.status() == Status.KO)) {
                    memory.forgetTarget();
                }
                release();
                if (t != null) {
                    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                    result.complete(CheckResult.ko(now, cause instanceof SnmpFailure ? cause.getMessage() : "internal error: " + cause));
                } else {
                    result.complete(r);
                }
            });
        }

        private CompletableFuture<CheckResult> pollOrFail(InetAddress address) {
            try {
                int port = device.portOr(SnmpSettings.DEFAULT_PORT);
                SnmpPoll p = new SnmpPoll(session, settings,
                        memory.target(address, port, settings, () -> session.target(settings, address, port)), memory, now);
                poll = p;
                return p.run();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        /** The result is in (answered, expired or cancelled by the collector): drop the request still in flight. */
        void ended(CheckResult r, Throwable t) {
            SnmpPoll p = poll;
            if (p != null) {
                p.cancel();
            }
            if (r != null && r.status() != Status.OK) {
                log.debug("device {}: {} {}", device.id(), r.status().wireName(), r.error());
            }
        }
    }

    private CompletableFuture<InetAddress> resolve(String host) {
        return resolver.resolve(host, Duration.ofMillis(dnsTimeoutMs)).exceptionallyCompose(t -> {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            return CompletableFuture.failedFuture(cause instanceof HostResolutionException
                    ? new SnmpFailure(cause.getMessage()) : cause);
        });
    }

    private void admit(Runnable check) {
        waiting.add(check);
        drain();
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
    }

    private void drain() {
        while (true) {
            int n = inFlight.get();
            if (n >= maxInFlight || waiting.isEmpty()) {
                return;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                Runnable next = waiting.poll();
                if (next == null) {
                    inFlight.decrementAndGet();
                    return;
                }
                next.run();
            }
        }
    }
}
