package org.avmonitoring.agent.api.driver;

import java.util.List;
import java.util.Objects;

/**
 * One device setting a driver reads, as the UI, validation and {@code GET /api/drivers} see it.
 *
 * <p>{@code key} is relative to the object that holds it: the device object for top-level settings, the section for
 * the {@code fields} of a {@link Type#SECTION} (e.g. {@code snmp} → {@code version}), one list item for the fields of
 * a {@link Type#LIST}. The device's own keys ({@code id}, {@code name}, {@code type}, {@code host}, {@code port},
 * {@code interval_s}, {@code enabled}, {@code source}) belong to the agent and are never described here.
 *
 * @param key          the JSON key, {@code snake_case}
 * @param type         its JSON type
 * @param label        short human name for a form ("Display ID"); never null (defaults to the key)
 * @param help         one sentence for a form's help text, may be null
 * @param required     whether a device of this type must set it
 * @param defaultValue what the driver uses when the key is absent (shown as a placeholder), may be null
 * @param min          lower bound of a number, inclusive, may be null
 * @param max          upper bound of a number, inclusive, may be null
 * @param choices      the only values allowed, in display order; empty when free
 * @param secret       a password or key: masked in the UI and in every answer, never logged
 * @param fields       the settings inside a {@link Type#SECTION} or inside each item of a {@link Type#LIST}
 */
public record SettingDescription(String key, Type type, String label, String help, boolean required,
                                 Object defaultValue, Number min, Number max, List<Choice> choices,
                                 boolean secret, List<SettingDescription> fields) {

    /** The JSON type of a setting. */
    public enum Type {
        /** A JSON string. */
        STRING,
        /** A whole JSON number. */
        INTEGER,
        /** Any JSON number. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A nested JSON object whose keys are {@code fields}, e.g. {@code "snmp": {...}}. */
        SECTION,
        /** A JSON array of objects whose keys are {@code fields}, e.g. SNMP's extra OIDs. */
        LIST
    }

    /** An allowed value and how a person reads it. */
    public record Choice(String value, String label) {
        public Choice {
            Objects.requireNonNull(value, "value");
            label = label == null ? value : label;
        }
    }

    public SettingDescription {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        label = label == null || label.isBlank() ? key : label;
        choices = choices == null ? List.of() : List.copyOf(choices);
        fields = fields == null ? List.of() : List.copyOf(fields);
        if ((type == Type.SECTION || type == Type.LIST) == fields.isEmpty()) {
            throw new IllegalArgumentException(key + ": fields go with SECTION and LIST, and only with them");
        }
    }

    public static SettingDescription text(String key) {
        return of(key, Type.STRING);
    }

    /** A string masked everywhere it is shown: passwords, communities, keys. */
    public static SettingDescription secret(String key) {
        return text(key).asSecret();
    }

    public static SettingDescription integer(String key) {
        return of(key, Type.INTEGER);
    }

    public static SettingDescription number(String key) {
        return of(key, Type.NUMBER);
    }

    public static SettingDescription bool(String key) {
        return of(key, Type.BOOLEAN);
    }

    public static SettingDescription section(String key, SettingDescription... fields) {
        return new SettingDescription(key, Type.SECTION, null, null, false, null, null, null, null, false,
                List.of(fields));
    }

    public static SettingDescription list(String key, SettingDescription... itemFields) {
        return new SettingDescription(key, Type.LIST, null, null, false, null, null, null, null, false,
                List.of(itemFields));
    }

    private static SettingDescription of(String key, Type type) {
        return new SettingDescription(key, type, null, null, false, null, null, null, null, false, null);
    }

    public SettingDescription label(String newLabel) {
        return new SettingDescription(key, type, newLabel, help, required, defaultValue, min, max, choices, secret,
                fields);
    }

    public SettingDescription help(String newHelp) {
        return new SettingDescription(key, type, label, newHelp, required, defaultValue, min, max, choices, secret,
                fields);
    }

    public SettingDescription asRequired() {
        return new SettingDescription(key, type, label, help, true, defaultValue, min, max, choices, secret, fields);
    }

    public SettingDescription defaultValue(Object value) {
        return new SettingDescription(key, type, label, help, required, value, min, max, choices, secret, fields);
    }

    public SettingDescription range(Number newMin, Number newMax) {
        return new SettingDescription(key, type, label, help, required, defaultValue, newMin, newMax, choices, secret,
                fields);
    }

    /** Allowed values, each its own label. */
    public SettingDescription choices(String... values) {
        return choices(java.util.Arrays.stream(values).map(v -> new Choice(v, v)).toList());
    }

    public SettingDescription choices(List<Choice> newChoices) {
        return new SettingDescription(key, type, label, help, required, defaultValue, min, max, newChoices, secret,
                fields);
    }

    public SettingDescription asSecret() {
        return new SettingDescription(key, type, label, help, required, defaultValue, min, max, choices, true, fields);
    }

    /** The field of a section or list item named {@code fieldKey}, or null. */
    public SettingDescription field(String fieldKey) {
        return fields.stream().filter(f -> f.key.equals(fieldKey)).findFirst().orElse(null);
    }
}
