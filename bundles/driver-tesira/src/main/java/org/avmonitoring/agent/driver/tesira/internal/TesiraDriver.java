package org.avmonitoring.agent.driver.tesira.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
 * The Biamp Tesira driver: Tesira Text Protocol over Telnet (TCP 23). Each check opens a connection, refuses the
 * Telnet options, waits for the banner, asks the active fault list, version, serial number and host name, and
 * closes. One I/O thread for every device; never two connections to one device at once.
 */
@Component(service = DeviceDriver.class, property = DeviceDriver.TYPE + "=" + TesiraDriver.TYPE_NAME)
public class TesiraDriver implements DeviceDriver {
    static final String TYPE_NAME = "tesira";
    private static final Logger LOG = LoggerFactory.getLogger(TesiraDriver.class);

    static final DriverDescription DESCRIPTION = DriverDescription.builder("Biamp Tesira")
            .help("Biamp Tesira DSPs (TesiraFORTÉ, SERVER, SERVER-IO) over the Tesira Text Protocol on Telnet:"
                    + " active fault list, firmware version, serial number, host name.")
            .defaultPort(TesiraSettings.DEFAULT_PORT)
            .setting(SettingDescription.integer("timeout_ms").label("Timeout (ms)")
                    .help("How long the device may stay silent at each step (connect, banner, each answer).")
                    .defaultValue(TesiraSettings.DEFAULT_TIMEOUT_MS).range(100, 60000))
            .metric(MetricDescription.number("fault_count").label("Active faults").asKeyMetric().asExported()
                    .help("Faults in the device's active fault list."))
            .metric(MetricDescription.text("fault_indicator").label("Fault indicator")
                    .help("The device's own summary, e.g. \"No fault in device\", \"Major Fault in Device\"."))
            .metric(MetricDescription.text("faults").label("Faults").help("Descriptions of the active faults."))
            .metric(MetricDescription.text("firmware_version").label("Firmware"))
            .metric(MetricDescription.text("serial_number").label("Serial number"))
            .metric(MetricDescription.text("hostname").label("Host name"))
            .build();

    /** Checks in flight, by device id: a second check of the same device shares the first one's answer. */
    private DeviceChecks checks;

    @Activate
    void activate() {
        checks = new DeviceChecks("tesira", TelnetLines.MAX_LINE + 1024, "Tesira driver stopped");
        LOG.info("Tesira driver started");
    }

    @Deactivate
    void deactivate() {
        checks.close(); // checks still running end as unknown
        LOG.info("Tesira driver stopped");
    }

    @Override
    public DriverDescription description() {
        return DESCRIPTION;
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return TesiraSettings.validate(device);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant startedAt = Instant.now();
        List<ValidationProblem> problems = validate(device);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(startedAt, problems));
        }
        TesiraSettings s = TesiraSettings.of(device);
        Duration step = Duration.ofMillis(Math.min(s.timeoutMs(), Math.max(1, deadline.toMillis())));
        return checks.check(device.id(), startedAt, deadline, () -> new DeviceChecks.Plan<>(s.host(), s.port(), step,
                new TesiraConversation(startedAt), r -> r, why -> CheckResult.ko(startedAt, why)));
    }
}
