package org.avmonitoring.agent.api.driver;

import java.util.List;
import java.util.Objects;

/**
 * One metric a driver puts in its results, as the UI, {@code /metrics} and the backend's documentation read it.
 *
 * <p>A key may hold the placeholder {@code {n}}, standing for a positive index, for metrics a device has a varying
 * number of: {@code lamp_{n}_hours} matches {@code lamp_1_hours} and {@code lamp_2_hours}, and the label
 * {@code "Lamp {n}"} reads "Lamp 2" for the second.
 *
 * @param key         the metric key in {@link org.avmonitoring.agent.api.CheckResult#metrics()}, {@code snake_case}
 * @param type        its value type
 * @param label       short human name ("Lamp {n}", "Temperature"); never null (defaults to the key)
 * @param unit        unit symbol as shown after the value ("h", "°C", "ms", "%"), may be null
 * @param help        what it means, one sentence, may be null
 * @param keyMetric   shown in the dashboard's device list
 * @param exported    a number exported to Prometheus {@code /metrics}
 * @param trend       a slowly moving number worth keeping over weeks (lamp hours, temperatures): the agent keeps a
 *                    long, coarse history of it and forecasts when it reaches a threshold
 * @param valueLabels how a person reads coded values ({@code "31"} → "Digital 1"); empty when values read as they are
 */
public record MetricDescription(String key, Type type, String label, String unit, String help, boolean keyMetric,
                                boolean exported, boolean trend, List<SettingDescription.Choice> valueLabels) {

    /** The value type of a metric. */
    public enum Type {
        /** A JSON number. */
        NUMBER,
        /** A JSON string. */
        TEXT,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A JSON array: of texts (SNMP's missing OIDs), or of objects shown as a table (SNMP's interfaces). */
        LIST
    }

    private static final String INDEX = "{n}";

    public MetricDescription {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        label = label == null || label.isBlank() ? key : label;
        valueLabels = valueLabels == null ? List.of() : List.copyOf(valueLabels);
        if (exported && type != Type.NUMBER) {
            throw new IllegalArgumentException(key + ": only numbers are exported to /metrics");
        }
        if (trend && type != Type.NUMBER) {
            throw new IllegalArgumentException(key + ": only numbers have a trend");
        }
    }

    public static MetricDescription number(String key) {
        return new MetricDescription(key, Type.NUMBER, null, null, null, false, false, false, null);
    }

    public static MetricDescription text(String key) {
        return new MetricDescription(key, Type.TEXT, null, null, null, false, false, false, null);
    }

    public static MetricDescription bool(String key) {
        return new MetricDescription(key, Type.BOOLEAN, null, null, null, false, false, false, null);
    }

    public static MetricDescription list(String key) {
        return new MetricDescription(key, Type.LIST, null, null, null, false, false, false, null);
    }

    public MetricDescription label(String newLabel) {
        return new MetricDescription(key, type, newLabel, unit, help, keyMetric, exported, trend, valueLabels);
    }

    public MetricDescription unit(String newUnit) {
        return new MetricDescription(key, type, label, newUnit, help, keyMetric, exported, trend, valueLabels);
    }

    public MetricDescription help(String newHelp) {
        return new MetricDescription(key, type, label, unit, newHelp, keyMetric, exported, trend, valueLabels);
    }

    public MetricDescription asKeyMetric() {
        return new MetricDescription(key, type, label, unit, help, true, exported, trend, valueLabels);
    }

    public MetricDescription asExported() {
        return new MetricDescription(key, type, label, unit, help, keyMetric, true, trend, valueLabels);
    }

    public MetricDescription asTrend() {
        return new MetricDescription(key, type, label, unit, help, keyMetric, exported, true, valueLabels);
    }

    /** Value labels given as {@code value, label, value, label, ...}. */
    public MetricDescription valueLabels(String... valueThenLabel) {
        if (valueThenLabel.length % 2 != 0) {
            throw new IllegalArgumentException(key + ": value labels come in value, label pairs");
        }
        List<SettingDescription.Choice> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < valueThenLabel.length; i += 2) {
            pairs.add(new SettingDescription.Choice(valueThenLabel[i], valueThenLabel[i + 1]));
        }
        return new MetricDescription(key, type, label, unit, help, keyMetric, exported, trend, pairs);
    }

    /** Whether {@code metricKey} is this metric ({@code lamp_2_hours} is {@code lamp_{n}_hours}). */
    public boolean matches(String metricKey) {
        return index(metricKey) != null;
    }

    /** The label for {@code metricKey}, its {@code {n}} replaced by the key's index ("Lamp 2"). */
    public String labelFor(String metricKey) {
        String n = index(metricKey);
        return n == null || n.isEmpty() ? label : label.replace(INDEX, n);
    }

    /**
     * "" for a plain key that matches, the index (1 to 9999, no leading zero) for a {@code {n}} key that matches, null
     * otherwise. Plain string tests: this runs for every metric of every result.
     */
    private String index(String metricKey) {
        int at = key.indexOf(INDEX);
        if (at < 0) {
            return key.equals(metricKey) ? "" : null;
        }
        int suffix = key.length() - at - INDEX.length();
        int end = metricKey.length() - suffix;
        if (end - at < 1 || end - at > 4 || !metricKey.regionMatches(0, key, 0, at)
                || !metricKey.regionMatches(end, key, at + INDEX.length(), suffix) || metricKey.charAt(at) == '0') {
            return null;
        }
        for (int i = at; i < end; i++) {
            char c = metricKey.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return metricKey.substring(at, end);
    }
}
