package org.avmonitoring.agent.config;

import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.config.StatusPolicy;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;
import org.avmonitoring.agent.api.driver.SettingValues;

/**
 * Checks a device's driver-specific settings against what its driver describes, the same rule for every driver:
 * unknown keys (with the closest known key suggested), wrong JSON types, numbers out of range, values not among the
 * choices, required settings missing. Secret values never appear in a message. What a description cannot say stays
 * in the driver's own {@code validate}.
 */
final class DescribedSettings {
    /** Keys reserved for the agent itself, accepted for any type without a description (see writing-a-driver.md). */
    private static final String RESERVED_PREFIX = "forecast_";

    private DescribedSettings() {
    }

    /**
     * Adds the problems of {@code settings} to {@code problems} and its undescribed keys to {@code unknownKeys}
     * (the caller decides whether those are errors or warnings); paths are relative to the device.
     */
    static void check(DriverDescription description, Map<String, Object> settings, List<ValidationProblem> problems,
                      List<ValidationProblem> unknownKeys) {
        checkObject(description.settings(), settings, "", problems, unknownKeys);
    }

    private static void checkObject(List<SettingDescription> described, Map<String, ?> values, String path,
                                    List<ValidationProblem> problems, List<ValidationProblem> unknownKeys) {
        List<String> known = described.stream().map(SettingDescription::key).toList();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = e.getKey();
            if (!known.contains(key) && !(path.isEmpty() && agentKey(key))) {
                unknownKeys.add(new ValidationProblem(path + key, "unknown setting"
                        + KeySuggestion.didYouMean(key, known)));
            }
        }
        for (SettingDescription s : described) {
            Object v = values.get(s.key());
            if (v == null) {
                if (s.required()) {
                    problems.add(new ValidationProblem(path + s.key(), "is required"));
                }
            } else {
                checkValue(s, v, path + s.key(), problems, unknownKeys);
            }
        }
    }

    /** Top-level keys that belong to the agent, not to the driver: reserved ones and the status keys. */
    private static boolean agentKey(String key) {
        return key.startsWith(RESERVED_PREFIX) || StatusPolicy.DEVICE_KEYS.contains(key);
    }

    @SuppressWarnings("unchecked")
    private static void checkValue(SettingDescription s, Object v, String path, List<ValidationProblem> problems,
                                   List<ValidationProblem> unknownKeys) {
        String shown = s.secret() ? "the value given" : SettingValues.describe(v);
        switch (s.type()) {
            case SECTION -> {
                if (v instanceof Map<?, ?> m) {
                    checkObject(s.fields(), (Map<String, ?>) m, path + ".", problems, unknownKeys);
                } else {
                    problems.add(new ValidationProblem(path, "must be an object, not " + shown));
                }
            }
            case LIST -> {
                if (!(v instanceof List<?> items)) {
                    problems.add(new ValidationProblem(path, "must be a list of objects, not " + shown));
                    return;
                }
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof Map<?, ?> m) {
                        checkObject(s.fields(), (Map<String, ?>) m, path + "[" + i + "].", problems, unknownKeys);
                    } else {
                        problems.add(new ValidationProblem(path + "[" + i + "]", "must be an object"));
                    }
                }
            }
            case STRING -> {
                String text = textOf(s, v);
                if (text == null) {
                    problems.add(new ValidationProblem(path, "must be a string, not " + shown));
                } else if (!s.choices().isEmpty()
                        && s.choices().stream().noneMatch(c -> c.value().equalsIgnoreCase(text))) {
                    problems.add(new ValidationProblem(path, shown + " is not one of " + String.join(", ",
                            s.choices().stream().map(SettingDescription.Choice::value).toList())));
                }
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean)) {
                    problems.add(new ValidationProblem(path, "must be true or false, not " + shown));
                }
            }
            case INTEGER, NUMBER -> checkNumber(s, v, path, shown, problems);
        }
    }

    /**
     * A string as it is; for a setting with choices also a whole number, as JSON writes a numeric-looking choice
     * ({@code "version": 3} for SNMP's "3"). Choices are matched ignoring case ("sha" is "SHA").
     */
    private static String textOf(SettingDescription s, Object v) {
        if (v instanceof String text) {
            return text;
        }
        Integer whole = s.choices().isEmpty() ? null : SettingValues.integer(v);
        return whole == null ? null : whole.toString();
    }

    private static void checkNumber(SettingDescription s, Object v, String path, String shown,
                                    List<ValidationProblem> problems) {
        boolean whole = s.type() == SettingDescription.Type.INTEGER;
        boolean fits = v instanceof Number n && (!whole || SettingValues.integer(v) != null)
                && (s.min() == null || n.doubleValue() >= s.min().doubleValue())
                && (s.max() == null || n.doubleValue() <= s.max().doubleValue());
        if (!fits) {
            problems.add(new ValidationProblem(path, "must be " + (whole ? "an integer" : "a number") + rangeText(s)
                    + ", not " + shown));
        }
    }

    private static String rangeText(SettingDescription s) {
        if (s.min() != null && s.max() != null) {
            return " between " + s.min() + " and " + s.max();
        }
        if (s.min() != null) {
            return " of at least " + s.min();
        }
        return s.max() != null ? " of at most " + s.max() : "";
    }
}
