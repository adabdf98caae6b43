package org.avmonitoring.agent.driver.ping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;

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
        Integer port = integral(s.get("tcp_port"));
        return new PingSettings(mode, intOr(s.get("count"), DEFAULT_COUNT),
                port != null ? port : device.portOr(0), intOr(s.get("timeout_ms"), DEFAULT_TIMEOUT_MS),
                intOr(s.get("loss_warning_pct"), DEFAULT_LOSS_WARNING_PCT));
    }

    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> p = new ArrayList<>();
        if (device.host().isBlank()) {
            p.add(new ValidationProblem("host", "must not be empty"));
        }
        Object raw = device.settings().get("ping");
        if (raw != null && !(raw instanceof Map)) {
            p.add(new ValidationProblem("ping", "must be an object"));
            return p;
        }
        Map<String, Object> s = device.section("ping");
        Object mode = s.get("mode");
        if (mode != null && !"icmp".equals(mode) && !"tcp".equals(mode)) {
            p.add(new ValidationProblem("ping.mode", quoted(mode) + " is not one of icmp, tcp"));
        }
        checkInt(s, "count", 1, 20, p);
        checkInt(s, "timeout_ms", 50, 30000, p);
        checkInt(s, "loss_warning_pct", 0, 100, p);
        checkInt(s, "tcp_port", 1, 65535, p);
        if ("tcp".equals(mode) && s.get("tcp_port") == null && device.port() == null) {
            p.add(new ValidationProblem("ping.tcp_port", "is required in tcp mode (e.g. 80, or 4352 for PJLink)"));
        }
        if (!"tcp".equals(mode) && s.get("tcp_port") != null) {
            p.add(new ValidationProblem("ping.tcp_port", "applies to mode tcp only"));
        }
        return p;
    }

    private static void checkInt(Map<String, Object> s, String key, int min, int max, List<ValidationProblem> p) {
        Object v = s.get(key);
        if (v == null) {
            return;
        }
        Integer i = integral(v);
        if (i == null || i < min || i > max) {
            p.add(new ValidationProblem("ping." + key, "must be an integer between " + min + " and " + max + ", not " + quoted(v)));
        }
    }

    private static String quoted(Object v) {
        return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }

    private static Integer integral(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        return null;
    }

    private static int intOr(Object v, int dflt) {
        Integer i = integral(v);
        return i == null ? dflt : i;
    }
}
