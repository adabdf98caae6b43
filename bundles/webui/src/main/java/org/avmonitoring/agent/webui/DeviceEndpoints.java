package org.avmonitoring.agent.webui;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.UnknownDeviceException;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.monitor.MonitorService;

/** {@code /api/devices} and {@code /api/devices/{id}[/history]}: the device list and its changes. */
final class DeviceEndpoints {
    private final ConfigService config;
    private final MonitorService monitor;

    DeviceEndpoints(ConfigService config, MonitorService monitor) {
        this.config = config;
        this.monitor = monitor;
    }

    ApiResponse list(ApiRequest req) {
        Map<String, DeviceState> states = new LinkedHashMap<>();
        for (DeviceState s : monitor.states()) {
            states.put(s.device().id(), s);
        }
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        String onlyStatus = req.query().get("status");
        String onlyType = req.query().get("type");
        List<Map<String, Object>> list = new ArrayList<>();
        for (Device d : config.current().devices()) {
            DeviceState state = states.get(d.id());
            Status status = state == null ? Status.UNKNOWN : state.status();
            counts.merge(status, 1, Integer::sum);
            if ((onlyStatus == null || onlyStatus.equals(status.wireName())) && (onlyType == null || onlyType.equals(d.type()))) {
                list.add(DeviceView.device(config, d, state));
            }
        }
        Map<String, Object> countsJson = new LinkedHashMap<>();
        counts.forEach((k, v) -> countsJson.put(k.wireName(), v));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", list);
        out.put("counts", countsJson);
        return ApiResponse.ok(out);
    }

    ApiResponse get(String id) throws UnknownDeviceException {
        return ApiResponse.ok(view(stored(id)));
    }

    ApiResponse add(ApiRequest req) throws ConfigValidationException {
        Device device = parseLocal(JsonBody.object(req.body()));
        config.addDevice(device);
        return ApiResponse.status(201, view(stored(device.id())));
    }

    ApiResponse update(String id, ApiRequest req) throws ConfigValidationException {
        Device old = writable(id);
        Map<String, Object> merged = SecretMerge.keepStoredSecrets(JsonBody.object(req.body()), config.toJson(old));
        merged.putIfAbsent("id", id);
        Device device = parseLocal(merged);
        config.updateDevice(id, device);
        return ApiResponse.ok(view(stored(device.id())));
    }

    ApiResponse delete(String id) throws ConfigValidationException {
        writable(id);
        config.removeDevice(id);
        return ApiResponse.noContent();
    }

    ApiResponse history(String id) throws UnknownDeviceException {
        stored(id);
        return ApiResponse.ok(DeviceView.history(id, monitor.history(id)));
    }

    /** {@code POST /api/devices/{id}/maintenance} {@code {"minutes": 60, "reason": "…"}}: starts (or replaces) a window. */
    ApiResponse startMaintenance(String id, ApiRequest req) throws UnknownDeviceException {
        stored(id);
        Map<String, Object> body = JsonBody.object(req.body());
        if (!(body.get("minutes") instanceof Integer minutes) || minutes < 1) {
            throw new BadRequest("minutes", "must be a whole number of minutes, at least 1");
        }
        Object reason = body.get("reason");
        if (reason != null && !(reason instanceof String)) {
            throw new BadRequest("reason", "must be text");
        }
        try {
            Maintenance m = monitor.startMaintenance(id, minutes, (String) reason)
                    .orElseThrow(() -> new UnknownDeviceException("web UI", id));
            return ApiResponse.ok(DeviceView.maintenance(m));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("minutes", e.getMessage());
        } catch (IllegalStateException e) {
            return ApiResponse.error(503, "", e.getMessage());
        }
    }

    /** {@code DELETE /api/devices/{id}/maintenance}: ends the window started from the API (204 even if none ran). */
    ApiResponse endMaintenance(String id) throws UnknownDeviceException {
        stored(id);
        monitor.endMaintenance(id);
        return ApiResponse.noContent();
    }

    /**
     * A device from a form: only local devices are created or edited here; an unknown key is refused by name (a
     * misspelled setting would else be stored and fail later); UI-only keys are dropped.
     */
    Device parseLocal(Map<String, Object> json) throws ConfigValidationException {
        List<Map<String, Object>> unknown = DeviceKeys.unknownKeys(json);
        if (!unknown.isEmpty()) {
            throw new BadRequest(unknown);
        }
        Object source = json.remove("source");
        if (source != null && !DeviceSource.LOCAL.wireName().equals(source)) {
            throw new BadRequest("source", "only config sync creates backend devices; use \"local\" or leave it out");
        }
        json.remove("read_only");
        json.remove("state");
        return config.parseDevice(json, DeviceSource.LOCAL);
    }

    Device stored(String id) throws UnknownDeviceException {
        return config.current().device(id).orElseThrow(() -> new UnknownDeviceException("web UI", id));
    }

    private Map<String, Object> view(Device d) {
        return DeviceView.device(config, d, monitor.state(d.id()).orElse(null));
    }

    /** Backend devices are read-only here: config sync would overwrite a local change at its next run. */
    private Device writable(String id) throws ConfigValidationException {
        Device d = stored(id);
        if (d.source() == DeviceSource.BACKEND) {
            throw new ReadOnly(id);
        }
        return d;
    }

    static final class ReadOnly extends ConfigValidationException {
        private static final long serialVersionUID = 1L;

        ReadOnly(String id) {
            super("web UI", List.of(new ValidationProblem("source",
                    "device \"" + id + "\" comes from the backend: change it there (read-only on site)")));
        }
    }
}
