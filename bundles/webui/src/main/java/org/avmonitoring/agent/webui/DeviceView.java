package org.avmonitoring.agent.webui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.HistoryPoint;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.monitor.Recorded;

/** The JSON shapes of devices, results and history that the API answers; every secret masked. */
final class DeviceView {
    private DeviceView() {
    }

    /** The device's config form, masked, with its source, whether the UI may change it, and its state (may be null). */
    static Map<String, Object> device(ConfigService config, Device device, DeviceState state) {
        Map<String, Object> out = maskLookalikes(Secrets.masked(config.toJson(device)));
        out.put("source", device.source().wireName());
        out.put("read_only", device.source() == DeviceSource.BACKEND);
        out.put("state", state == null ? null : state(state));
        return out;
    }

    /** Also masked: a misspelled secret ({@code pasword}) that config.json or the backend may carry. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> maskLookalikes(Map<String, Object> json) {
        Map<String, Object> out = new LinkedHashMap<>();
        json.forEach((key, value) -> out.put(key, value instanceof Map<?, ?> section
                ? maskLookalikes((Map<String, Object>) section)
                : value instanceof String text && !text.isEmpty() && DeviceKeys.maybeSecret(key) ? Secrets.MASK : value));
        return out;
    }

    static Map<String, Object> state(DeviceState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", state.status().wireName());
        out.put("status_since", state.statusSince() == null ? null : state.statusSince().toString());
        out.put("checks", state.checks());
        out.put("failures", state.failures());
        out.put("latest", state.latest() == null ? null : result(state.latest()));
        Assessment a = state.assessment();
        out.put("confirmed", a.state().wireName());
        out.put("unconfirmed_failures", a.unconfirmedFailures());
        out.put("expected", a.expected());
        out.put("maintenance", a.maintenance() == null ? null : maintenance(a.maintenance()));
        out.put("forecasts", List.of());
        return out;
    }

    static Map<String, Object> maintenance(Maintenance m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("until", m.until().toString());
        out.put("reason", m.reason());
        out.put("source", m.source());
        return out;
    }

    /** A result for the live stream: the observed result with the confirmed state beside it. */
    static Map<String, Object> result(Recorded r) {
        Map<String, Object> out = result(r.result());
        Assessment a = r.assessment();
        out.put("state", a.state().wireName());
        if (a.expected() != null) {
            out.put("expected", a.expected());
        }
        if (a.inMaintenance()) {
            out.put("maintenance", true);
        }
        return out;
    }

    static Map<String, Object> result(CheckResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", r.status().wireName());
        out.put("checked_at", r.checkedAt().toString());
        out.put("latency_ms", r.latencyMs());
        out.put("metrics", Secrets.masked(r.metrics()));
        out.put("error", r.error());
        return out;
    }

    static Map<String, Object> history(String id, List<HistoryPoint> points) {
        List<Map<String, Object>> list = points.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", p.at().toString());
            m.put("status", p.status().wireName());
            m.put("latency_ms", p.latencyMs());
            return m;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("points", list);
        return out;
    }
}
