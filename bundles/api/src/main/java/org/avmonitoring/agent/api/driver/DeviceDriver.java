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
}
