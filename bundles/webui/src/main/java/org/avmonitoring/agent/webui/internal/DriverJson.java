package org.avmonitoring.agent.webui.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

/**
 * A driver's self-description as {@code GET /api/drivers} answers it (documented in {@code docs/api.md}): snake_case
 * keys, every member written (null when absent) so a client tests one shape, types in lower case.
 */
final class DriverJson {
    private DriverJson() {
    }

    /** The description, or null for a driver that does not describe itself. */
    static Map<String, Object> description(DriverDescription d) {
        if (d == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("help", d.help());
        out.put("default_port", d.defaultPort());
        out.put("discovery", d.discovery());
        out.put("settings", d.settings().stream().map(DriverJson::setting).toList());
        out.put("metrics", d.metrics().stream().map(DriverJson::metric).toList());
        return out;
    }

    static Map<String, Object> setting(SettingDescription s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", s.key());
        out.put("type", lower(s.type()));
        out.put("label", s.label());
        out.put("help", s.help());
        out.put("required", s.required());
        // a secret's default would be a credential shipped in the driver: never echoed
        out.put("default", s.secret() ? null : s.defaultValue());
        out.put("min", s.min());
        out.put("max", s.max());
        out.put("choices", choices(s.choices()));
        out.put("secret", s.secret());
        out.put("fields", s.fields().stream().map(DriverJson::setting).toList());
        return out;
    }

    static Map<String, Object> metric(MetricDescription m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", m.key());
        out.put("type", lower(m.type()));
        out.put("label", m.label());
        out.put("unit", m.unit());
        out.put("help", m.help());
        out.put("key_metric", m.keyMetric());
        out.put("exported", m.exported());
        out.put("trend", m.trend());
        out.put("value_labels", choices(m.valueLabels()));
        return out;
    }

    private static List<Map<String, Object>> choices(List<SettingDescription.Choice> choices) {
        return choices.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", c.value());
            m.put("label", c.label());
            return m;
        }).toList();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
