package org.avmonitoring.agent.driver.qsys.internal;

import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;

/**
 * A Q-SYS Core's settings: host, port (default 1710, QRC), optional {@code username} and {@code password} (Core
 * Manager access control), {@code timeout_ms}.
 */
record QsysSettings(String host, int port, String username, String password, int timeoutMs) {
    static final int DEFAULT_PORT = 1710;
    static final int DEFAULT_TIMEOUT_MS = 5000;
    static final int MAX_CREDENTIAL = 256;

    static QsysSettings of(Device device) {
        return new QsysSettings(device.host(), device.portOr(DEFAULT_PORT), text(device, "username"),
                text(device, "password"), SettingValues.integerOr(device.settings().get("timeout_ms"), DEFAULT_TIMEOUT_MS));
    }

    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (device.host().isBlank()) {
            problems.add(new ValidationProblem("host", "must not be empty"));
        }
        if (device.port() != null && (device.port() < 1 || device.port() > 65535)) {
            problems.add(new ValidationProblem("port", "must be between 1 and 65535, not " + device.port()));
        }
        for (String key : new String[] {"username", "password"}) {
            Object v = device.settings().get(key);
            if (v != null && (!(v instanceof String s) || s.length() > MAX_CREDENTIAL)) {
                // The value itself is never echoed: it is a credential.
                problems.add(new ValidationProblem(key, "must be a string of at most " + MAX_CREDENTIAL + " characters"));
            }
        }
        Object t = device.settings().get("timeout_ms");
        Integer timeout = SettingValues.integer(t);
        if (t != null && (timeout == null || timeout < 100 || timeout > 60000)) {
            problems.add(new ValidationProblem("timeout_ms", "must be an integer between 100 and 60000, not "
                    + SettingValues.describe(t)));
        }
        return problems;
    }

    private static String text(Device device, String key) {
        return device.settings().get(key) instanceof String s && !s.isEmpty() ? s : null;
    }

    @Override
    public String toString() {
        return "QsysSettings[" + host + ":" + port + ", username=" + username + ", password="
                + (password == null ? "none" : "********") + "]";
    }
}
