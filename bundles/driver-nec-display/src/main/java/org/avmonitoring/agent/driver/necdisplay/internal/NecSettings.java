package org.avmonitoring.agent.driver.necdisplay.internal;

import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;
import org.avmonitoring.agent.driver.support.EndpointRules;

/**
 * An NEC display's settings: {@code monitor_id} (1–100 as set in the monitor's menu, or 0 for the manual's "ALL"
 * address, only for a monitor alone on its connection), {@code timeout_ms}, and the device's {@code port} (7142).
 */
record NecSettings(String host, int port, int monitorId, int timeoutMs) {

    static final int DEFAULT_PORT = 7142;
    static final int DEFAULT_MONITOR_ID = 1;
    static final int MAX_MONITOR_ID = 100;
    static final int DEFAULT_TIMEOUT_MS = 3000;

    static NecSettings of(Device device) {
        Integer id = SettingValues.integer(device.settings().get("monitor_id"));
        Integer timeout = SettingValues.integer(device.settings().get("timeout_ms"));
        return new NecSettings(device.host(), device.portOr(DEFAULT_PORT), id == null ? DEFAULT_MONITOR_ID : id,
                timeout == null ? DEFAULT_TIMEOUT_MS : timeout);
    }

    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> problems = EndpointRules.check(device);
        EndpointRules.checkInteger(device, "monitor_id", 0, MAX_MONITOR_ID, problems);
        return problems;
    }

    /** What remembered answers belong to: a new address or monitor id starts afresh. */
    String endpoint() {
        return host + ":" + port + "#" + monitorId;
    }
}
