package org.avmonitoring.agent.api.monitor;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.osgi.annotation.versioning.ProviderType;

/** Provided by the collector. */
@ProviderType
public interface MonitorService {

    /** Every configured device with what is known of it, in configuration order. */
    List<DeviceState> states();

    Optional<DeviceState> state(String deviceId);

    /** The bounded history of a device, oldest first; empty for an unknown id. */
    List<HistoryPoint> history(String deviceId);

    /** Checks a device once without recording the result ("test now" before saving). */
    CompletableFuture<CheckResult> checkOnce(Device device);

    CollectorStats stats();

    /** The device types for which a driver is present now. */
    Set<String> driverTypes();

    /**
     * Starts (or replaces) a maintenance window of {@code minutes} for a configured device (since 1.1); it survives
     * a restart. Empty for an unknown id.
     *
     * @throws IllegalArgumentException when minutes is not positive or more than a year
     * @throws IllegalStateException    when the bounded store of windows is full
     */
    Optional<Maintenance> startMaintenance(String deviceId, long minutes, String reason);

    /** The wear forecasts of a device, by metric (since 1.1); empty for an unknown id or without thresholds. */
    List<Forecast> forecasts(String deviceId);

    /**
     * The long history of one trend metric of a device, oldest first (since 1.1): one point per step of hours, over
     * at least 90 days; empty when none is kept.
     */
    List<TrendPoint> trend(String deviceId, String metric);

    /** Ends the window started by {@link #startMaintenance} (since 1.1); false when the device had none running. */
    boolean endMaintenance(String deviceId);
}
