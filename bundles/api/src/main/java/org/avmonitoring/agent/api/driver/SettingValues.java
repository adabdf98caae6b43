package org.avmonitoring.agent.api.driver;

import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.ValidationProblem;

/**
 * Reading driver settings as they come from JSON (numbers may be Integer, Long or Double): the checks every driver's
 * {@link DeviceDriver#validate} needs, with one wording across drivers.
 */
public final class SettingValues {
    private SettingValues() {
    }

    /** The value as an int when it is a whole number within int range, else null. */
    public static Integer integer(Object v) {
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return ((Number) v).intValue();
            }
        }
        return null;
    }

    public static int integerOr(Object v, int dflt) {
        Integer i = integer(v);
        return i == null ? dflt : i;
    }

    /**
     * Adds a problem at {@code path + "." + key} unless {@code section.get(key)} is absent or a whole number in
     * {@code min..max}: {@code snmp.retries: must be an integer between 0 and 5, not "two"}.
     */
    public static void checkInteger(Map<String, ?> section, String path, String key, int min, int max,
                                    List<ValidationProblem> problems) {
        Object v = section.get(key);
        if (v == null) {
            return;
        }
        Integer i = integer(v);
        if (i == null || i < min || i > max) {
            problems.add(new ValidationProblem(path + "." + key, "must be an integer between " + min + " and " + max
                    + ", not " + describe(v)));
        }
    }

    /** A value as it would appear in JSON, for messages (never use it on a secret). */
    public static String describe(Object v) {
        return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }
}
