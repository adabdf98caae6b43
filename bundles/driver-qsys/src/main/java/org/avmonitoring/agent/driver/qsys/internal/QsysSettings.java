package org.avmonitoring.agent.driver.qsys.internal;

import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;
import org.avmonitoring.agent.driver.support.EndpointRules;

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
        List<ValidationProblem> problems = EndpointRules.check(device);
        for (String key : new String[] {"username", "password"}) {
            Object v = device.settings().get(key);
            if (v != null && (!(v instanceof String s) || s.length() > MAX_CREDENTIAL)) {
                // The value itself is never echoed: it is a credential.
                problems.add(new ValidationProblem(key, "must be a string of at most " + MAX_CREDENTIAL + " characters"));
            }
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
