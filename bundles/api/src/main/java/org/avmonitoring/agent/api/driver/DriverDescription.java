package org.avmonitoring.agent.api.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a driver says of itself: the web UI builds its forms and labels from it, the config bundle validates device
 * settings against it (unknown and mistyped keys named, the same rule for every driver), {@code /metrics} exports the
 * numbers it marks, and {@code GET /api/drivers} serves it to anyone.
 *
 * <p>Plain records rather than OSGi MetaType: MetaType is flat (no nested sections, no lists of objects such as
 * SNMP's extra OIDs) and has no notion of units or metrics. A driver's own component configuration (timeouts,
 * refresh cadences shared by all its devices) stays in MetaType, where the Web Console edits it.
 *
 * @param name        display name of the device type ("Samsung MDC display")
 * @param help        one or two sentences: what devices it serves and what it reads from them, may be null
 * @param defaultPort the port a device uses when it sets none, null for drivers without one (ICMP)
 * @param settings    the device settings the driver reads, in form order
 * @param metrics     the metrics its results may hold, in display order
 * @param discovery   whether the driver also registers a {@link DeviceDiscovery} for its type
 */
public record DriverDescription(String name, String help, Integer defaultPort, List<SettingDescription> settings,
                                List<MetricDescription> metrics, boolean discovery) {

    public DriverDescription {
        Objects.requireNonNull(name, "name");
        settings = settings == null ? List.of() : List.copyOf(settings);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The top-level setting named {@code key}, or null. */
    public SettingDescription setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
    }

    /**
     * The keys of the settings marked secret, at any depth (sections and lists included): mask them wherever the
     * device's settings are shown or logged, as {@link org.avmonitoring.agent.api.Secrets} masks secret names.
     *
     * @since 1.4
     */
    public Set<String> secretKeys() {
        Set<String> out = new TreeSet<>();
        addSecretKeys(settings, out);
        return out;
    }

    private static void addSecretKeys(List<SettingDescription> settings, Set<String> out) {
        for (SettingDescription s : settings) {
            if (s.secret()) {
                out.add(s.key());
            }
            addSecretKeys(s.fields(), out);
        }
    }

    /** The description of the metric {@code metricKey} is an instance of, if any. */
    public Optional<MetricDescription> metric(String metricKey) {
        for (MetricDescription m : metrics) { // a loop, not a stream: called for every metric of every result
            if (m.matches(metricKey)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Collects a description in the order a form shows it. */
    public static final class Builder {
        private final String name;
        private String help;
        private Integer defaultPort;
        private final List<SettingDescription> settings = new ArrayList<>();
        private final List<MetricDescription> metrics = new ArrayList<>();
        private boolean discovery;

        private Builder(String name) {
            this.name = name;
        }

        public Builder help(String text) {
            this.help = text;
            return this;
        }

        public Builder defaultPort(int port) {
            this.defaultPort = port;
            return this;
        }

        public Builder setting(SettingDescription setting) {
            settings.add(setting);
            return this;
        }

        public Builder metric(MetricDescription metric) {
            metrics.add(metric);
            return this;
        }

        public Builder discovery() {
            this.discovery = true;
            return this;
        }

        public DriverDescription build() {
            return new DriverDescription(name, help, defaultPort, settings, metrics, discovery);
        }
    }
}
