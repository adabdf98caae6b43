package org.avmonitoring.agent.configsync;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A config service holding the configuration in memory, with the contract config sync relies on: {@link #parse}
 * rejects malformed JSON and devices without id, type or host, naming the path; {@link #replaceBackendDevices}
 * keeps local devices and refuses a backend device with a local device's id.
 */
final class InMemoryConfigService implements ConfigService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private volatile SiteConfig current;
    final AtomicInteger replacements = new AtomicInteger();

    InMemoryConfigService(SiteConfig initial) {
        this.current = initial;
    }

    void setSettings(SiteSettings settings) {
        current = new SiteConfig(settings, current.devices(), current.driverDefaults(), current.extras());
    }

    @Override
    public SiteConfig current() {
        return current;
    }

    @Override
    public Path file() {
        return Path.of("config.json");
    }

    @Override
    public List<ValidationProblem> validateDevice(Device device) {
        return List.of();
    }

    @Override
    public Device parseDevice(Map<String, Object> json, DeviceSource source) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Object> toJson(Device device) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SiteConfig parse(byte[] json, String origin) throws ConfigValidationException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ConfigValidationException(origin, List.of(new ValidationProblem("", "invalid JSON")));
        }
        List<ValidationProblem> problems = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        JsonNode list = root == null ? null : root.get("devices");
        if (list == null || !list.isArray()) {
            problems.add(new ValidationProblem("devices", "must be an array"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode d = list.get(i);
                for (String key : List.of("id", "type", "host")) {
                    if (!d.path(key).isTextual()) {
                        problems.add(new ValidationProblem("devices[" + i + "]." + key, "missing"));
                    }
                }
                if (problems.isEmpty()) {
                    devices.add(new Device(d.get("id").asText(), d.path("name").asText(null), d.get("type").asText(),
                            d.get("host").asText(), d.has("port") ? d.get("port").asInt() : null, null, true,
                            DeviceSource.LOCAL, Map.of()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(origin, problems);
        }
        return new SiteConfig(current.settings(), devices, null, null);
    }

    @Override
    public SiteConfig addDevice(Device device) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SiteConfig updateDevice(String id, Device device) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SiteConfig removeDevice(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SiteConfig updateSettings(SiteSettings settings) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized SiteConfig replaceBackendDevices(List<Device> backendDevices) throws ConfigValidationException {
        List<Device> merged = new ArrayList<>();
        for (Device d : current.devices()) {
            if (d.source() == DeviceSource.LOCAL) {
                merged.add(d);
            }
        }
        for (Device d : backendDevices) {
            if (merged.stream().anyMatch(l -> l.id().equals(d.id()))) {
                throw new ConfigValidationException("backend config",
                        List.of(new ValidationProblem("devices", "id \"" + d.id() + "\" is a local device")));
            }
            merged.add(d);
        }
        replacements.incrementAndGet();
        current = new SiteConfig(current.settings(), merged, current.driverDefaults(), current.extras());
        return current;
    }
}
