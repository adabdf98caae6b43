package org.avmonitoring.agent.api.driver;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The device types the agent can check now: one entry per type, the driver {@link DriverSelection} picks among the
 * services registered for it. Registered by the agent (the config bundle); read by the web UI ({@code GET
 * /api/drivers}) and anyone who needs to name, describe or list installed drivers. Drivers come and go at run time:
 * ask again rather than keep the answer.
 *
 * @since 1.3
 */
@ProviderType
public interface DriverCatalog {

    /** The drivers serving a type now, sorted by type. */
    List<DriverInfo> drivers();

    /** The driver serving {@code type} now, or null when no driver serves it. */
    default DriverInfo driver(String type) {
        return drivers().stream().filter(d -> d.type().equals(type)).findFirst().orElse(null);
    }
}
