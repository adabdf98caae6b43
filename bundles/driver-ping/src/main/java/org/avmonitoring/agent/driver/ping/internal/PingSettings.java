package org.avmonitoring.agent.driver.ping.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;

/**
 * A ping device's {@code ping} settings section: {@code mode} ({@code icmp}, default, or {@code tcp}), {@code count}
 * (echoes or connects per check, default 3), {@code tcp_port} (tcp mode; else the device's {@code port}),
 * {@code timeout_ms} (per echo or connect, default 1000) and {@code loss_warning_pct} (warning above, default 50).
 */
record PingSettings(Mode mode, int count, int tcpPort, int timeoutMs, int lossWarningPct) {
    static final int DEFAULT_COUNT = 3;
    static final int DEFAULT_TIMEOUT_MS = 1000;
    static final int DEFAULT_LOSS_WARNING_PCT = 50;

    enum Mode { ICMP, TCP }

    static PingSettings of(Device device) {
        Map<String, Object> s = device.section("ping");
        Mode mode = "tcp".equals(s.get("mode")) ? Mode.TCP : Mode.ICMP;
        Integer port = SettingValues.integer(s.get("tcp_port"));
        return new PingSettings(mode, SettingValues.integerOr(s.get("count"), DEFAULT_COUNT),
                port != null ? port : device.portOr(0), SettingValues.integerOr(s.get("timeout_ms"), DEFAULT_TIMEOUT_MS),
                SettingValues.integerOr(s.get("loss_warning_pct"), DEFAULT_LOSS_WARNING_PCT));
    }

    /**
     * What {@link PingDescription} cannot say: a TCP port is needed in tcp mode and only there. Types and ranges are
     * checked by the agent against the description before.
     */
    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> p = new ArrayList<>();
        Map<String, Object> s = device.section("ping");
        boolean tcp = "tcp".equals(s.get("mode"));
        if (tcp && s.get("tcp_port") == null && device.port() == null) {
            p.add(new ValidationProblem("ping.tcp_port", "is required in tcp mode (e.g. 80, or 4352 for PJLink)"));
        }
        if (!tcp && s.get("tcp_port") != null) {
            p.add(new ValidationProblem("ping.tcp_port", "applies to mode tcp only"));
        }
        return p;
    }
}
