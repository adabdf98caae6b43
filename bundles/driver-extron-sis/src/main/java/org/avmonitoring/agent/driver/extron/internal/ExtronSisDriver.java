package org.avmonitoring.agent.driver.extron.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.driver.support.DeviceChecks;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extron switchers, scalers and matrices over SIS on TCP 23: connect, banner, login when prompted, a few queries,
 * close (Extron drops idle connections after about five minutes: nothing is kept open between polls). One I/O
 * thread serves every device, one connection per device at a time.
 */
@Component(service = DeviceDriver.class, property = DeviceDriver.TYPE + "=" + ExtronSisDriver.TYPE_NAME)
public class ExtronSisDriver implements DeviceDriver {

    static final String TYPE_NAME = "extron-sis";
    /** A banner, a reply or an information line is far shorter; more without a line end is not SIS. */
    static final int MAX_UNREAD_BYTES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ExtronSisDriver.class);

    private DeviceChecks checks;

    @Activate
    void activate() {
        checks = new DeviceChecks("extron-sis", MAX_UNREAD_BYTES, "Extron SIS driver stopped");
        LOG.info("Extron SIS driver started");
    }

    @Deactivate
    void deactivate() {
        checks.close(); // checks still running end as unknown
        LOG.info("Extron SIS driver stopped");
    }

    @Override
    public DriverDescription description() {
        return ExtronDescription.DESCRIPTION;
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return ExtronSettings.validate(device);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant startedAt = Instant.now();
        List<ValidationProblem> problems = validate(device);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(startedAt, problems));
        }
        return checks.check(device.id(), startedAt, deadline, () -> {
            ExtronSettings settings = ExtronSettings.of(device);
            SisConversation conversation = new SisConversation(settings.password());
            return new DeviceChecks.Plan<>(settings.host(), settings.port(), Duration.ofMillis(settings.timeoutMs()),
                    conversation, answers -> answers.toResult(startedAt, settings),
                    why -> CheckResult.ko(startedAt, explained(why, settings, conversation)));
        });
    }

    /** Why a conversation failed, with what the stage it stopped at says about the device. */
    private static String explained(String reason, ExtronSettings settings, SisConversation conversation) {
        if (reason.startsWith("no answer") && conversation.stage() == SisConversation.Stage.AWAIT_PROMPT) {
            return "no Password: prompt within " + settings.timeoutMs() + " ms (a password is configured:"
                    + " has the device one?)";
        }
        if (reason.startsWith("no answer") && conversation.stage() == SisConversation.Stage.BANNER) {
            return "no copyright banner within " + settings.timeoutMs() + " ms (is it an Extron SIS port?)";
        }
        return reason;
    }

    @Override
    public void forget(String deviceId) {
        // Nothing is remembered between polls; an in-flight check finishes on its own.
    }
}
