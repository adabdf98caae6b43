package org.avmonitoring.agent.driver.support;

import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;

/**
 * What every device of a TCP conversation driver obeys, with the same words in each driver: a host, a port in
 * range, a {@code timeout_ms} of {@value #MIN_TIMEOUT_MS} to {@value #MAX_TIMEOUT_MS} ms; and whole-number
 * settings within bounds.
 */
public final class EndpointRules {
    public static final int MIN_TIMEOUT_MS = 100;
    public static final int MAX_TIMEOUT_MS = 60_000;

    private EndpointRules() {
    }

    /** The problems of the device's host, port and {@code timeout_ms}, in a list the driver adds its own to. */
    public static List<ValidationProblem> check(Device device) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (device.host().isBlank()) {
            problems.add(new ValidationProblem("host", "must not be empty"));
        }
        if (device.port() != null && (device.port() < 1 || device.port() > 65535)) {
            problems.add(new ValidationProblem("port", "must be between 1 and 65535, not " + device.port()));
        }
        checkInteger(device, "timeout_ms", MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, problems);
        return problems;
    }

    /** A problem when setting {@code key} is present and not an integer from {@code min} to {@code max}. */
    public static void checkInteger(Device device, String key, int min, int max, List<ValidationProblem> problems) {
        Object v = device.settings().get(key);
        Integer i = SettingValues.integer(v);
        if (v != null && (i == null || i < min || i > max)) {
            problems.add(new ValidationProblem(key, "must be an integer between " + min + " and " + max + ", not "
                    + SettingValues.describe(v)));
        }
    }
}
