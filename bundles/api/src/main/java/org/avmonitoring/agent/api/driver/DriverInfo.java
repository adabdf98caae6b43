package org.avmonitoring.agent.api.driver;

import java.util.Objects;

/**
 * One driver serving a device type now, as {@link DriverCatalog} lists it.
 *
 * @param type               the device type it serves ({@link DeviceDriver#TYPE})
 * @param name               display name: the description's name, or the type when the driver does not describe itself
 * @param bundleSymbolicName the bundle that registered it
 * @param version            that bundle's version, e.g. {@code 1.3.0.SNAPSHOT} (also the {@code driver_version} metric)
 * @param description        what the driver says of itself, null when it does not describe itself
 */
public record DriverInfo(String type, String name, String bundleSymbolicName, String version,
                         DriverDescription description) {

    public DriverInfo {
        Objects.requireNonNull(type, "type");
        name = name == null || name.isBlank() ? type : name;
    }
}
