package org.avmonitoring.agent.configsync.internal;

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

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * A config service holding the configuration in memory, with the contract config sync relies on: {@link #parse}
 * rejects malformed JSON and devices without id, type or host, naming the path; {@link #replaceBackendDevices}
 * keeps local devices and refuses a backend device with a local device's id.
 */
final class InMemoryConfigService implements ConfigService {
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
        Object root;
        try {
            root = JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new ConfigValidationException(origin, List.of(new ValidationProblem("", "invalid JSON")));
        }
        List<ValidationProblem> problems = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        Object list = root instanceof Map<?, ?> m ? m.get("devices") : null;
        if (!(list instanceof List<?> items)) {
            problems.add(new ValidationProblem("devices", "must be an array"));
        } else {
            for (int i = 0; i < items.size(); i++) {
                Map<?, ?> d = items.get(i) instanceof Map<?, ?> object ? object : Map.of();
                for (String key : List.of("id", "type", "host")) {
                    if (!(d.get(key) instanceof String)) {
                        problems.add(new ValidationProblem("devices[" + i + "]." + key, "missing"));
                    }
                }
                if (problems.isEmpty()) {
                    devices.add(new Device((String) d.get("id"), d.get("name") instanceof String n ? n : null,
                            (String) d.get("type"), (String) d.get("host"),
                            d.get("port") instanceof Number p ? p.intValue() : null, null, true,
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
