package org.avmonitoring.agent.driver.tesira.internal;

import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;

/** A Tesira device's settings: its host, its port (default 23, Telnet) and {@code timeout_ms}. */
record TesiraSettings(String host, int port, int timeoutMs) {
    static final int DEFAULT_PORT = 23;
    static final int DEFAULT_TIMEOUT_MS = 5000;

    static TesiraSettings of(Device device) {
        return new TesiraSettings(device.host(), device.portOr(DEFAULT_PORT),
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
        Object t = device.settings().get("timeout_ms");
        Integer timeout = SettingValues.integer(t);
        if (t != null && (timeout == null || timeout < 100 || timeout > 60000)) {
            problems.add(new ValidationProblem("timeout_ms", "must be an integer between 100 and 60000, not "
                    + SettingValues.describe(t)));
        }
        return problems;
    }
}
