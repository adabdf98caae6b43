package org.avmonitoring.agent.api.driver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optionally registered by a driver bundle that can find devices on the local network (PJLink class 2 search).
 * Registered with the same {@link DeviceDriver#TYPE} property as the driver.
 */
@ConsumerType
public interface DeviceDiscovery {

    /** Searches for at most {@code duration}; completes with what answered. */
    CompletableFuture<List<DiscoveredDevice>> discover(Duration duration);
}
