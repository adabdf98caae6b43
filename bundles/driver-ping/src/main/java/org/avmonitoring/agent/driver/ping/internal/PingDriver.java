package org.avmonitoring.agent.driver.ping.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

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
 * The {@code ping} device type: N ICMP echoes per check through batched {@code fping} processes, or N timed TCP
 * connects ({@code mode: tcp}) for devices that drop ICMP. RTT min/avg/max and loss %; ko at 100 % loss, warning
 * above the device's loss threshold. Host names are resolved at every check, bounded in time.
 */
// The PID is the class name from before the move to .internal, so existing .cfg files keep applying.
@Component(configurationPid = "org.avmonitoring.agent.driver.ping.PingDriver",
        service = DeviceDriver.class, property = DeviceDriver.TYPE + "=ping")
@Designate(ocd = PingDriver.Config.class)
public class PingDriver implements DeviceDriver {

    @ObjectClassDefinition(name = "avmonitoring ping driver", description = "Checks devices of type ping (ICMP echo through fping, or TCP connect).")
    public @interface Config {
        @AttributeDefinition(name = "fping", description = "Path of the fping binary (Debian package fping).")
        String fping_path() default "/usr/bin/fping";

        @AttributeDefinition(name = "Batch window (ms)", description = "How long a check waits for others to share one fping process"
                + " (less when its deadline requires).", min = "0", max = "5000")
        int batch_window_ms() default 2000;

        @AttributeDefinition(name = "Addresses per fping", min = "1", max = "5000")
        int max_batch() default 1000;

        @AttributeDefinition(name = "fping processes at once", min = "1", max = "32")
        int max_processes() default 4;

        @AttributeDefinition(name = "Echo period (ms)", description = "fping -p: time between two echoes to one address.", min = "10", max = "10000")
        int period_ms() default 250;

        @AttributeDefinition(name = "Send interval (ms)", description = "fping -i: time between two echoes to any address; spreads large batches.", min = "0", max = "100")
        int interval_ms() default 1;

        @AttributeDefinition(name = "Unspaced batch (addresses)", description = "A batch of at most this many addresses is sent without"
                + " the send interval, so that fping does not wake once per echo; larger batches stay spaced (a burst to many devices at"
                + " once can lose first echoes)."
                + " 0: always spaced.", min = "0", max = "256")
        int burst_max() default 64;

        @AttributeDefinition(name = "DNS timeout (ms)", description = "Bound on resolving a device's host name.", min = "100", max = "30000")
        int dns_timeout_ms() default 2000;
    }

    /** Starting fping, name resolution and reading its output, within a check's deadline. */
    private static final long START_MARGIN_MS = 300;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private FpingBatcher fping;
    private TcpProber tcp;
    private ScheduledExecutorService timer;
    private DeadlineSweeper deadlines;
    private HostResolver resolver;
    private int dnsTimeoutMs;
    private int periodMs;

    @Activate
    void activate(Config config) throws IOException {
        dnsTimeoutMs = config.dns_timeout_ms();
        periodMs = config.period_ms();
        fping = new FpingBatcher(Path.of(config.fping_path()), config.batch_window_ms(), config.max_batch(),
                config.max_processes(), config.period_ms(), config.interval_ms(), config.burst_max());
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "avm-ping-timer"));
        tcp = new TcpProber(timer);
        deadlines = new DeadlineSweeper("avm-ping-deadlines", 50);
        resolver = new HostResolver("avm-ping-dns", 2);
        log.info("ping driver started (fping {}, up to {} addresses per process, {} processes at once)",
                config.fping_path(), config.max_batch(), config.max_processes());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Deactivate
    void deactivate() {
        fping.close();
        tcp.close();
        deadlines.close();
        timer.shutdownNow();
        resolver.close();
        log.info("ping driver stopped");
    }

    /** fping processes started since activation. */
    int fpingProcessesStarted() {
        return fping.processesStarted();
    }

    @Override
    public DriverDescription description() {
        return PingDescription.DESCRIPTION;
    }

    /** Nothing to forget: the ping driver keeps nothing per device between checks. */
    @Override
    public List<ValidationProblem> validate(Device device) {
        return PingSettings.validate(device);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant now = Instant.now();
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        List<ValidationProblem> problems = validate(device);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(now, problems));
        }
        PingSettings s = PingSettings.of(device);
        String mode = s.mode() == PingSettings.Mode.TCP ? "tcp" : "icmp";
        AtomicReference<String> waitingFor = new AtomicReference<>("name resolution of " + device.host());
        deadlines.expireAt(result, System.nanoTime() + deadline.toNanos(), () -> CheckResult.ko(now, "deadline of "
                + deadline.toMillis() + " ms passed while waiting for " + waitingFor.get()));
        resolve(device.host()).thenCompose(address -> {
            String ip = address.getHostAddress();
            if (s.mode() == PingSettings.Mode.TCP) {
                waitingFor.set("TCP connects to " + ip + ":" + s.tcpPort());
                return tcp.probe(new InetSocketAddress(address, s.tcpPort()), s.count(), s.timeoutMs())
                        .thenApply(e -> e.toResult(now, mode, ip, s).withMetric("tcp_port", s.tcpPort()));
            }
            waitingFor.set("ICMP echoes from " + ip);
            return fping.ping(ip, s.count(), s.timeoutMs(), maxWaitMs(deadline, s)).thenApply(e -> e.toResult(now, mode, ip, s));
        }).whenComplete((r, t) -> {
            if (t == null) {
                result.complete(r);
                return;
            }
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (cause instanceof PingFailure pf) {
                result.complete(new CheckResult(pf.agentFault() ? Status.UNKNOWN : Status.KO, now, null,
                        Map.of("mode", mode), pf.getMessage()));
            } else {
                log.warn("device {}: check failed: {}", device.id(), cause.toString());
                result.complete(CheckResult.unknown(now, "internal error: " + cause));
            }
        });
        return result;
    }

    /** How long the fping process may wait for others: its echoes (count - 1 periods, then a timeout) fit the deadline. */
    private long maxWaitMs(Duration deadline, PingSettings s) {
        return deadline.toMillis() - (long) (s.count() - 1) * Math.max(periodMs, 10) - s.timeoutMs() - START_MARGIN_MS;
    }

    private CompletableFuture<InetAddress> resolve(String host) {
        return resolver.resolve(host, Duration.ofMillis(dnsTimeoutMs)).exceptionallyCompose(t -> {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            return CompletableFuture.failedFuture(cause instanceof HostResolutionException
                    ? new PingFailure(cause.getMessage(), false) : cause);
        });
    }
}
