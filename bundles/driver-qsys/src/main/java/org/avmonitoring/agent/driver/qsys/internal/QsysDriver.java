package org.avmonitoring.agent.driver.qsys.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;
import org.avmonitoring.agent.driver.support.DeviceChecks;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Q-SYS Core driver: QRC (JSON-RPC 2.0 over TCP 1710, NUL-terminated). Each check opens a connection, logs on
 * when credentials are set, asks {@code StatusGet} (keeping the {@code EngineStatus} the Core pushes on connect),
 * and closes: nothing stays open, so no {@code NoOp} keep-alive is needed. One I/O thread for every Core; never two
 * connections to one Core at once.
 */
@Component(service = DeviceDriver.class, property = DeviceDriver.TYPE + "=" + QsysDriver.TYPE_NAME)
public class QsysDriver implements DeviceDriver {
    static final String TYPE_NAME = "qsys";
    private static final Logger LOG = LoggerFactory.getLogger(QsysDriver.class);

    static final DriverDescription DESCRIPTION = DriverDescription.builder("Q-SYS Core")
            .help("QSC Q-SYS Cores over QRC (Q-SYS Remote Control, TCP 1710): engine state, design, redundancy and"
                    + " the Core's own status.")
            .defaultPort(QsysSettings.DEFAULT_PORT)
            .setting(SettingDescription.text("username").label("User name")
                    .help("A Core Manager user with external control access; leave empty when access control is off."))
            .setting(SettingDescription.secret("password").label("PIN / password"))
            .setting(SettingDescription.integer("timeout_ms").label("Timeout (ms)")
                    .help("How long the Core may stay silent at each step (connect, each answer).")
                    .defaultValue(QsysSettings.DEFAULT_TIMEOUT_MS).range(100, 60000))
            .metric(MetricDescription.text("status_text").label("Core status").asKeyMetric()
                    .help("The Core's own status text, e.g. \"OK\", \"Compromised - ...\", \"Fault - ...\"."))
            .metric(MetricDescription.number("status_code").label("Status code").asExported()
                    .valueLabels("0", "OK", "1", "Compromised", "2", "Fault", "3", "Not present", "4", "Missing",
                            "5", "Initializing"))
            .metric(MetricDescription.text("state").label("Engine state").asKeyMetric()
                    .help("Active, Standby (the backup of a redundant pair) or Idle (no design running)."))
            .metric(MetricDescription.text("platform").label("Platform"))
            .metric(MetricDescription.text("design_name").label("Design"))
            .metric(MetricDescription.text("design_code").label("Design code"))
            .metric(MetricDescription.bool("redundant").label("Redundant pair"))
            .metric(MetricDescription.bool("emulator").label("Emulator"))
            .build();

    /** Checks in flight, by device id: a second check of the same device shares the first one's answer. */
    private DeviceChecks checks;
    private final LogonBackoff logonBackoff = new LogonBackoff();
    /** Wall clock of the logon back-off; tests move it. */
    LongSupplier clock = System::currentTimeMillis;

    @Activate
    void activate() {
        checks = new DeviceChecks("qsys", QrcCodec.MAX_FRAME + 1024, "Q-SYS driver stopped");
        LOG.info("Q-SYS driver started");
    }

    @Deactivate
    void deactivate() {
        checks.close(); // checks still running end as unknown
        LOG.info("Q-SYS driver stopped");
    }

    @Override
    public DriverDescription description() {
        return DESCRIPTION;
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return QsysSettings.validate(device);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant startedAt = Instant.now();
        List<ValidationProblem> problems = validate(device);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(startedAt, problems));
        }
        QsysSettings s = QsysSettings.of(device);
        Instant blockedUntil = logonBackoff.blockedUntil(device.id(), s, clock.getAsLong());
        if (blockedUntil != null) {
            return CompletableFuture.completedFuture(CheckResult.ko(startedAt, QrcPoll.AUTH_FAILED + " (the same"
                    + " credentials are not tried again before " + blockedUntil + ")"));
        }
        Duration step = Duration.ofMillis(Math.min(s.timeoutMs(), Math.max(1, deadline.toMillis())));
        return checks.check(device.id(), startedAt, deadline, () -> new DeviceChecks.Plan<>(s.host(), s.port(), step,
                new QrcConversation(startedAt, s), r -> {
                    logonBackoff.polled(device.id(), s, r, clock.getAsLong()); // before anyone sees the result
                    return r;
                }, why -> CheckResult.ko(startedAt, why)));
    }

    @Override
    public void forget(String deviceId) {
        logonBackoff.forget(deviceId);
    }
}
