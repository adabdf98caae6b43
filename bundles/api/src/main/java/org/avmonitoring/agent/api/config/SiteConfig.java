package org.avmonitoring.agent.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.avmonitoring.agent.api.Device;

/**
 * One consistent, validated state of {@code config.json}.
 *
 * @param driverDefaults per device type, settings applied to every device of that type that does not set them
 *                       ({@code "driver_defaults": {"pjlink": {"lamp_hours_warning": 2800}}})
 * @param extras         top-level keys this version does not know, kept as they are on rewrite
 */
public record SiteConfig(SiteSettings settings, List<Device> devices, Map<String, Map<String, Object>> driverDefaults,
                         Map<String, Object> extras) {

    public SiteConfig {
        Objects.requireNonNull(settings, "settings");
        devices = List.copyOf(devices);
        driverDefaults = driverDefaults == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(driverDefaults));
        extras = extras == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public Optional<Device> device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * The device as a driver should see it: its interval filled in from {@code collect_interval_s} and the
     * {@code driver_defaults} of its type merged under its own settings.
     */
    public Device effective(Device device) {
        Device d = device.intervalS() == null ? device.withIntervalS(settings.collectIntervalS()) : device;
        return d.withDefaults(driverDefaults.get(d.type()));
    }
}
