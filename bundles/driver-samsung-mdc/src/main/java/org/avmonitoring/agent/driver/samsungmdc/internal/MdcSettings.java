package org.avmonitoring.agent.driver.samsungmdc.internal;

import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;
import org.avmonitoring.agent.driver.support.EndpointRules;

/**
 * A Samsung MDC device's settings: {@code display_id} (0–253, the id set in the display's menu; 0xFE is broadcast,
 * which displays execute without answering), {@code timeout_ms}, {@code temperature_warning_c} (optional), and the
 * device's {@code port} (default 1515).
 */
record MdcSettings(String host, int port, int displayId, int timeoutMs, Integer temperatureWarningC) {

    static final int DEFAULT_PORT = 1515;
    static final int DEFAULT_DISPLAY_ID = 1;
    static final int MAX_DISPLAY_ID = 253;
    static final int DEFAULT_TIMEOUT_MS = 3000;

    /** Settings of a device that {@link #validate} accepted. */
    static MdcSettings of(Device device) {
        Integer id = SettingValues.integer(device.settings().get("display_id"));
        Integer timeout = SettingValues.integer(device.settings().get("timeout_ms"));
        return new MdcSettings(device.host(), device.portOr(DEFAULT_PORT), id == null ? DEFAULT_DISPLAY_ID : id,
                timeout == null ? DEFAULT_TIMEOUT_MS : timeout,
                SettingValues.integer(device.settings().get("temperature_warning_c")));
    }

    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> problems = EndpointRules.check(device);
        EndpointRules.checkInteger(device, "display_id", 0, MAX_DISPLAY_ID, problems);
        EndpointRules.checkInteger(device, "temperature_warning_c", 1, 150, problems);
        return problems;
    }

    /** What remembered identities belong to: a new address or display id starts afresh. */
    String endpoint() {
        return host + ":" + port + "#" + displayId;
    }
}
