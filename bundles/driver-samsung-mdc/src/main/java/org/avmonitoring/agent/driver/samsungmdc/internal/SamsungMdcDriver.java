package org.avmonitoring.agent.driver.samsungmdc.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.driver.support.DeviceChecks;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Samsung MDC driver (Samsung signage and commercial displays, TCP 1515). All displays share one I/O thread;
 * each poll opens a connection, asks, and closes it; one connection per display at a time (a check that arrives
 * while one is running gets that one's result).
 */
@Component(service = DeviceDriver.class, property = DeviceDriver.TYPE + "=" + SamsungMdcDriver.TYPE_NAME)
@Designate(ocd = SamsungMdcDriver.Config.class)
public class SamsungMdcDriver implements DeviceDriver {

    static final String TYPE_NAME = "samsung-mdc";
    /** A reply is at most 260 bytes; room for a few plus the Secured Protocol banner. */
    static final int MAX_UNREAD_BYTES = 1024;
    /** The error of a check the driver's stop cuts short. */
    private static final String STOPPING = "driver stopping";

    @ObjectClassDefinition(name = "avmonitoring Samsung MDC driver",
            description = "Polls Samsung displays over MDC (TCP 1515).")
    public @interface Config {
        @AttributeDefinition(name = "Identity refresh (s)", min = "0",
                description = "Serial number, model name and software version are read again when older than this,"
                        + " and reported from memory in between. 0 reads them at every poll.")
        int identityRefreshS() default 3600;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SamsungMdcDriver.class);

    private final Map<String, DeviceMemory> memories = new ConcurrentHashMap<>();
    private DeviceChecks checks;
    private volatile long identityRefreshMs;

    @Activate
    void activate(Config config) {
        modified(config);
        checks = new DeviceChecks("samsung-mdc", MAX_UNREAD_BYTES, STOPPING);
        LOG.info("Samsung MDC driver started");
    }

    @Modified
    void modified(Config config) {
        identityRefreshMs = TimeUnit.SECONDS.toMillis(Math.max(0, config.identityRefreshS()));
    }

    @Deactivate
    void deactivate() {
        checks.close(); // checks still running end as unknown
        LOG.info("Samsung MDC driver stopped");
    }

    @Override
    public DriverDescription description() {
        return MdcDescription.DESCRIPTION;
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return MdcSettings.validate(device);
    }

    @Override
    public void forget(String deviceId) {
        memories.remove(deviceId);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant startedAt = Instant.now();
        List<ValidationProblem> problems = validate(device);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(startedAt, problems));
        }
        return checks.check(device.id(), startedAt, deadline, () -> {
            MdcSettings settings = MdcSettings.of(device);
            DeviceMemory memory = memories.compute(device.id(), (id, m) ->
                    m != null && m.endpoint.equals(settings.endpoint()) ? m : new DeviceMemory(settings.endpoint()));
            MdcPoll poll = new MdcPoll(settings, memory, startedAt, identityRefreshMs);
            return new DeviceChecks.Plan<>(settings.host(), settings.port(), Duration.ofMillis(settings.timeoutMs()),
                    new MdcConversation(poll), r -> r, why -> CheckResult.ko(startedAt, explained(why, poll)));
        });
    }


    /** Why a poll failed, with a hint at the id when the device never answered. */
    private static String explained(String message, MdcPoll poll) {
        if (poll.answered()) {
            return message;
        }
        if (message.startsWith("no answer within")) {
            return message + " (a display answers only requests for its own id: check display_id)";
        }
        // A reset instead of an orderly close: the same display that shuts plain MDC out.
        return message.startsWith("connection lost") ? MdcConversation.CLOSED_AT_ONCE : message;
    }
}
