package org.avmonitoring.agent.driver.tesira.internal;

import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;
import org.avmonitoring.agent.driver.support.EndpointRules;

/** A Tesira device's settings: its host, its port (default 23, Telnet) and {@code timeout_ms}. */
record TesiraSettings(String host, int port, int timeoutMs) {
    static final int DEFAULT_PORT = 23;
    static final int DEFAULT_TIMEOUT_MS = 5000;

    static TesiraSettings of(Device device) {
        return new TesiraSettings(device.host(), device.portOr(DEFAULT_PORT),
                SettingValues.integerOr(device.settings().get("timeout_ms"), DEFAULT_TIMEOUT_MS));
    }

    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> problems = EndpointRules.check(device);
        return problems;
    }
}
