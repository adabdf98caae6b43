package org.avmonitoring.agent.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One monitored device, as configured.
 *
 * @param id        unique within the site, e.g. {@code proj-101}
 * @param name      human name, may be null (then {@link #displayName()} is the id)
 * @param type      the device type, i.e. the name of the driver that serves it ({@code pjlink}, {@code snmp}, {@code ping}, ...)
 * @param host      host name or IP address
 * @param port      TCP/UDP port, null for the driver's default
 * @param intervalS poll interval in seconds, null for the site's {@code collect_interval_s}
 * @param enabled   false to keep the device configured but not polled
 * @param source    where the definition came from
 * @param settings  every other key of the device's JSON object: driver-specific settings ({@code password},
 *                  {@code snmp: {...}}, {@code ping: {...}}) and keys unknown to this version, kept on rewrite
 */
public record Device(String id, String name, String type, String host, Integer port, Integer intervalS,
                     boolean enabled, DeviceSource source, Map<String, Object> settings) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        source = source == null ? DeviceSource.LOCAL : source;
        settings = Values.frozenMap(settings);
    }

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }

    /** The port, or {@code defaultPort} when none is configured. */
    public int portOr(int defaultPort) {
        return port == null ? defaultPort : port;
    }

    public Optional<Object> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** A nested settings object such as {@code snmp} or {@code ping}; empty when absent or not an object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String key) {
        Object v = settings.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    public Device withSettings(Map<String, Object> newSettings) {
        return new Device(id, name, type, host, port, intervalS, enabled, source, newSettings);
    }

    public Device withSource(DeviceSource newSource) {
        return new Device(id, name, type, host, port, intervalS, enabled, newSource, settings);
    }

    public Device withIntervalS(Integer newIntervalS) {
        return new Device(id, name, type, host, port, newIntervalS, enabled, source, settings);
    }

    public Device withEnabled(boolean newEnabled) {
        return new Device(id, name, type, host, port, intervalS, newEnabled, source, settings);
    }

    /** A copy whose settings include {@code defaults} for every key the device does not set itself. */
    public Device withDefaults(Map<String, ?> defaults) {
        if (defaults == null || defaults.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        merged.putAll(settings);
        return withSettings(merged);
    }

    /** Secrets in settings are masked: a device may be logged as it is. */
    @Override
    public String toString() {
        return "Device[id=" + id + ", type=" + type + ", host=" + host + (port == null ? "" : ", port=" + port)
                + (intervalS == null ? "" : ", interval_s=" + intervalS) + ", enabled=" + enabled
                + ", source=" + source.wireName() + ", settings=" + Secrets.masked(settings) + "]";
    }
}
