package org.avmonitoring.agent.driver.pjlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;

/**
 * A PJLink device's settings, read from its JSON object after {@code driver_defaults.pjlink} has been merged in by
 * {@code SiteConfig.effective}: {@code password} (top-level, optional), {@code lamp_hours_warning},
 * {@code filter_hours_warning}, {@code timeout_ms} (all optional), and the device's {@code port} (default 4352).
 */
record PjLinkSettings(String host, int port, String password, Integer lampHoursWarning, Integer filterHoursWarning,
                      int timeoutMs) {

    static final int DEFAULT_PORT = 4352;
    /** The spec has the projector answer within about 2 s; 5 s leaves room for a busy one. */
    static final int DEFAULT_TIMEOUT_MS = 5000;
    static final int MAX_PASSWORD = 32;

    /** Settings of a device that {@link #validate} accepted; an invalid value falls back to its default. */
    static PjLinkSettings of(Device device) {
        Object pw = device.settings().get("password");
        String password = pw instanceof String && !((String) pw).isEmpty() ? (String) pw : null;
        Integer timeout = positiveInt(device.settings().get("timeout_ms"));
        return new PjLinkSettings(device.host(), device.portOr(DEFAULT_PORT), password,
                positiveInt(device.settings().get("lamp_hours_warning")),
                positiveInt(device.settings().get("filter_hours_warning")),
                timeout == null ? DEFAULT_TIMEOUT_MS : timeout);
    }

    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (device.host().isBlank()) {
            problems.add(new ValidationProblem("host", "must not be empty"));
        }
        if (device.port() != null && (device.port() < 1 || device.port() > 65535)) {
            problems.add(new ValidationProblem("port", "must be between 1 and 65535, not " + device.port()));
        }
        Object pw = device.settings().get("password");
        if (pw != null) {
            if (!(pw instanceof String)) {
                problems.add(new ValidationProblem("password", "must be a string"));
            } else if (((String) pw).length() > MAX_PASSWORD || !((String) pw).chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                // The value itself is never echoed: it is a credential.
                problems.add(new ValidationProblem("password", "must be at most 32 printable ASCII characters (PJLink §5.1)"));
            }
        }
        checkPositive(device, "lamp_hours_warning", 1, 99999, problems);
        checkPositive(device, "filter_hours_warning", 1, 99999, problems);
        checkPositive(device, "timeout_ms", 100, 60000, problems);
        return problems;
    }

    private static void checkPositive(Device device, String key, int min, int max, List<ValidationProblem> problems) {
        Object v = device.settings().get(key);
        if (v == null) {
            return;
        }
        Integer i = positiveInt(v);
        if (i == null) {
            problems.add(new ValidationProblem(key, "must be a positive integer"));
        } else if (i < min || i > max) {
            problems.add(new ValidationProblem(key, "must be between " + min + " and " + max + ", not " + i));
        }
    }

    /** An integral JSON number above 0 (Jackson gives Integer, Long or Double), else null. */
    private static Integer positiveInt(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long l = ((Number) v).longValue();
            return l > 0 && l <= Integer.MAX_VALUE ? (int) l : null;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d > 0 && d <= Integer.MAX_VALUE && d == Math.rint(d) ? (int) d : null;
        }
        return null;
    }

    /** Identifies what cached per-device knowledge (class, identity) belongs to: a new address starts afresh. */
    String endpoint() {
        return host + ":" + port;
    }

    /** A fingerprint of the password, so that a changed password lifts an authentication back-off. */
    int passwordFingerprint() {
        return Objects.hashCode(password);
    }

    @Override
    public String toString() {
        return "PjLinkSettings[" + endpoint() + ", password=" + (password == null ? "none" : "********") + "]";
    }
}
