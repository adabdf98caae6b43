package org.avmonitoring.agent.driver.extron.internal;

import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;

/**
 * An Extron device's settings: {@code password} (when the device has one set, it prompts {@code Password:}),
 * {@code temperature_warning_c} (optional), {@code timeout_ms}, and the device's {@code port} (default 23).
 */
record ExtronSettings(String host, int port, String password, Integer temperatureWarningC, int timeoutMs) {

    static final int DEFAULT_PORT = 23;
    static final int DEFAULT_TIMEOUT_MS = 5000;
    static final int MAX_PASSWORD = 64;

    static ExtronSettings of(Device device) {
        Object pw = device.settings().get("password");
        return new ExtronSettings(device.host(), device.portOr(DEFAULT_PORT),
                pw instanceof String && !((String) pw).isEmpty() ? (String) pw : null,
                SettingValues.integer(device.settings().get("temperature_warning_c")),
                SettingValues.integerOr(device.settings().get("timeout_ms"), DEFAULT_TIMEOUT_MS));
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
        if (pw != null && (!(pw instanceof String) || ((String) pw).length() > MAX_PASSWORD
                || !((String) pw).chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            // The value is a credential: never echoed.
            problems.add(new ValidationProblem("password", "must be at most " + MAX_PASSWORD
                    + " printable ASCII characters"));
        }
        List<ValidationProblem> ranged = new ArrayList<>();
        SettingValues.checkInteger(device.settings(), "", "temperature_warning_c", 1, 150, ranged);
        SettingValues.checkInteger(device.settings(), "", "timeout_ms", 100, 60000, ranged);
        ranged.forEach(p -> problems.add(new ValidationProblem(p.path().substring(1), p.message())));
        return problems;
    }

    @Override
    public String toString() {
        return "ExtronSettings[" + host + ":" + port + ", password=" + (password == null ? "none" : "********") + "]";
    }
}
