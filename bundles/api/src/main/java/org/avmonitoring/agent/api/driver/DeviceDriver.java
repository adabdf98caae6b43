package org.avmonitoring.agent.api.driver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks devices of one type. Registered as an OSGi service with the {@link #TYPE} property; the collector tracks
 * drivers as a whiteboard, so a driver bundle can be installed, updated or removed while the agent runs.
 *
 * <p>Implementations keep no thread per device: {@link #check} returns at once and completes its future from
 * non-blocking I/O or a small shared pool.
 */
@ConsumerType
public interface DeviceDriver {

    /** Service property: the device type this driver serves, e.g. {@code "pjlink"}. */
    String TYPE = "avmonitoring.driver.type";

    /**
     * Polls {@code device} once. Returns immediately; the future completes with a result (ko with a reason for an
     * unreachable or faulty device, never exceptionally for a device fault) no later than {@code deadline} after the
     * call. The collector enforces the deadline too and cancels the future when it passes: the driver then releases
     * the socket or request it holds.
     */
    CompletableFuture<CheckResult> check(Device device, Duration deadline);

    /**
     * Problems in the device's driver-specific settings (and in port or host when the driver has rules for them),
     * with paths relative to the device object, e.g. {@code snmp.auth_protocol: "SHA1" is not one of MD5, SHA, ...}.
     * Empty when the device is valid for this driver. Must not do I/O.
     */
    List<ValidationProblem> validate(Device device);

    /**
     * What this driver says of itself: settings, metrics, default port. The config bundle refuses keys it does not
     * describe and values of the wrong type before {@link #validate} is called; the web UI builds its form from it.
     * Null for a driver that does not describe itself: its settings are then edited as raw JSON and checked only by
     * {@link #validate}.
     *
     * @since 1.3
     */
    default DriverDescription description() {
        return null;
    }

    /**
     * Drops whatever this driver remembers about the device {@code deviceId} (identities, last answers, open
     * connections). The collector calls it when the device is removed, when its settings change and after a one-off
     * test of a device that is not configured, so what a driver keeps per device never outgrows the configuration.
     * A later {@link #check} of the same id starts afresh. Called from the collector's thread: must not block.
     *
     * @since 1.3
     */
    default void forget(String deviceId) {
    }
}
