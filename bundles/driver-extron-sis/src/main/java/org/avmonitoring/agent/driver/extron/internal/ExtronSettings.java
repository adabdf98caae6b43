package org.avmonitoring.agent.driver.extron.internal;

import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;
import org.avmonitoring.agent.driver.support.EndpointRules;

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
        List<ValidationProblem> problems = EndpointRules.check(device);
        Object pw = device.settings().get("password");
        if (pw != null && (!(pw instanceof String) || ((String) pw).length() > MAX_PASSWORD
                || !((String) pw).chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            // The value is a credential: never echoed.
            problems.add(new ValidationProblem("password", "must be at most " + MAX_PASSWORD
                    + " printable ASCII characters"));
        }
        EndpointRules.checkInteger(device, "temperature_warning_c", 1, 150, problems);
        return problems;
    }

    @Override
    public String toString() {
        return "ExtronSettings[" + host + ":" + port + ", password=" + (password == null ? "none" : "********") + "]";
    }
}
