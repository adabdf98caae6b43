package org.avmonitoring.agent.webui.internal;

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
        Map<String, Object> merged = SecretMerge.keepStoredSecrets(JsonBody.object(req.body()), config.toJson(old),
                config.secretKeys(old.type()));
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

    /**
     * A device from a form: only local devices are created or edited here; UI-only keys are dropped. The config
     * service's validation of the device (on save, or before a test) refuses by name a key its driver does not
     * describe: a misspelled setting would else be stored and fail later.
     */
    Device parseLocal(Map<String, Object> json) throws ConfigValidationException {
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
