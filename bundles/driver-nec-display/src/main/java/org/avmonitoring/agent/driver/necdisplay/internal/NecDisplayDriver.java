package org.avmonitoring.agent.driver.necdisplay.internal;

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
 * The NEC / Sharp NEC large-format display driver ("External Control", TCP 7142). All monitors share one I/O thread;
 * each poll opens a connection, asks with the manual's pause between packets, and closes it; one connection per
 * monitor at a time (a check that arrives while one is running gets that one's result).
 */
@Component(service = DeviceDriver.class, property = DeviceDriver.TYPE + "=" + NecDisplayDriver.TYPE_NAME)
@Designate(ocd = NecDisplayDriver.Config.class)
public class NecDisplayDriver implements DeviceDriver {

    static final String TYPE_NAME = "nec-display";
    /** A packet is at most 264 bytes. */
    static final int MAX_UNREAD_BYTES = 1024;
    /** The error of a check the driver's stop cuts short. */
    private static final String STOPPING = "driver stopping";

    @ObjectClassDefinition(name = "avmonitoring NEC display driver",
            description = "Polls NEC / Sharp NEC large-format displays over External Control (TCP 7142).")
    public @interface Config {
        @AttributeDefinition(name = "Details refresh (s)", min = "0",
                description = "Every poll reads power and self-diagnosis; input, volume and mute are read again when"
                        + " older than this or when the power changed (each packet costs a 600 ms pause).")
        int detailsRefreshS() default 300;

        @AttributeDefinition(name = "Identity refresh (s)", min = "0",
                description = "Serial number and model name are read again when older than this.")
        int identityRefreshS() default 3600;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NecDisplayDriver.class);

    private final Map<String, DeviceMemory> memories = new ConcurrentHashMap<>();
    private DeviceChecks checks;
    private volatile long detailsRefreshMs;
    private volatile long identityRefreshMs;

    @Activate
    void activate(Config config) {
        modified(config);
        checks = new DeviceChecks("nec-display", MAX_UNREAD_BYTES, STOPPING);
        LOG.info("NEC display driver started");
    }

    @Modified
    void modified(Config config) {
        detailsRefreshMs = TimeUnit.SECONDS.toMillis(Math.max(0, config.detailsRefreshS()));
        identityRefreshMs = TimeUnit.SECONDS.toMillis(Math.max(0, config.identityRefreshS()));
    }

    @Deactivate
    void deactivate() {
        checks.close(); // checks still running end as unknown
        LOG.info("NEC display driver stopped");
    }

    @Override
    public DriverDescription description() {
        return NecDescription.DESCRIPTION;
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return NecSettings.validate(device);
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
            NecSettings settings = NecSettings.of(device);
            DeviceMemory memory = memories.compute(device.id(), (id, m) ->
                    m != null && m.endpoint.equals(settings.endpoint()) ? m : new DeviceMemory(settings.endpoint()));
            NecPoll poll = new NecPoll(settings, memory, startedAt, detailsRefreshMs, identityRefreshMs);
            return new DeviceChecks.Plan<>(settings.host(), settings.port(), Duration.ofMillis(settings.timeoutMs()),
                    new NecConversation(poll, memory, settings.monitorId(), deadline),
                    r -> r, why -> CheckResult.ko(startedAt, explained(why, poll)));
        });
    }


    /** Why a poll failed, with a hint at the id when the device never answered. */
    private static String explained(String message, NecPoll poll) {
        if (poll.answered()) {
            return message;
        }
        return message.startsWith("no answer within")
                ? message + " (a monitor answers only packets for its own id: check monitor_id)" : message;
    }
}
