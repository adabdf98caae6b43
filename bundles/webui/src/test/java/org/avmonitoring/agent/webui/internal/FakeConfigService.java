package org.avmonitoring.agent.webui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.DuplicateDeviceException;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.api.config.UnknownDeviceException;
import org.avmonitoring.agent.config.internal.CodecForTests;

/** An in-memory ConfigService with just enough rules to produce each kind of refusal. */
final class FakeConfigService implements ConfigService {
    volatile SiteConfig current;

    FakeConfigService(SiteSettings settings, List<Device> devices) {
        current = new SiteConfig(settings, devices, Map.of(), Map.of());
    }

    @Override
    public SiteConfig current() {
        return current;
    }

    @Override
    public Path file() {
        return Path.of("/etc/avmonitoring/config.json");
    }

    /** The config bundle's real device rules, with {@link FakeDrivers} as the installed drivers. */
    @Override
    public List<ValidationProblem> validateDevice(Device device) {
        return CodecForTests.check(device, FakeDrivers.ALL, true);
    }

    @Override
    public Set<String> secretKeys(String type) {
        return CodecForTests.secretKeys(type, FakeDrivers.ALL);
    }

    /** The config bundle's real codec: what the UI is given and sends back is what config.json holds. */
    @Override
    public Device parseDevice(Map<String, Object> json, DeviceSource source) throws ConfigValidationException {
        List<ValidationProblem> problems = new ArrayList<>();
        Device d = CodecForTests.device(json, source, problems);
        if (d == null) {
            throw new ConfigValidationException("device", problems);
        }
        return d;
    }

    @Override
    public Map<String, Object> toJson(Device d) {
        return CodecForTests.toJson(d);
    }

    @Override
    public SiteConfig parse(byte[] json, String origin) {
        throw new UnsupportedOperationException("not used by the web UI");
    }

    /** As the real service: a device entered by a person is checked strictly (undescribed keys refused). */
    private void requireValid(Device device) throws ConfigValidationException {
        List<ValidationProblem> problems = validateDevice(device);
        if (!problems.isEmpty()) {
            throw new ConfigValidationException("device \"" + device.id() + "\"", problems);
        }
    }

    /** Whole-config validation, as the real service reports it: paths prefixed with the device's index. */
    private SiteConfig replace(List<Device> devices) throws ConfigValidationException {
        List<ValidationProblem> problems = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            for (ValidationProblem p : CodecForTests.check(devices.get(i), FakeDrivers.ALL, false)) {
                problems.add(p.prefixed("devices[" + i + "]"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException("config.json", problems);
        }
        current = new SiteConfig(current.settings(), devices, current.driverDefaults(), current.extras());
        return current;
    }

    @Override
    public synchronized SiteConfig addDevice(Device device) throws ConfigValidationException {
        requireValid(device);
        if (current.device(device.id()).isPresent()) {
            throw new DuplicateDeviceException("config.json", device.id());
        }
        List<Device> devices = new ArrayList<>(current.devices());
        devices.add(device);
        return replace(devices);
    }

    @Override
    public synchronized SiteConfig updateDevice(String id, Device device) throws ConfigValidationException {
        requireValid(device);
        List<Device> devices = new ArrayList<>(current.devices());
        int index = devices.indexOf(current.device(id).orElseThrow(() -> new UnknownDeviceException("config.json", id)));
        if (!id.equals(device.id()) && current.device(device.id()).isPresent()) {
            throw new DuplicateDeviceException("config.json", device.id());
        }
        devices.set(index, device);
        return replace(devices);
    }

    @Override
    public synchronized SiteConfig removeDevice(String id) throws ConfigValidationException {
        List<Device> devices = new ArrayList<>(current.devices());
        if (!devices.removeIf(d -> d.id().equals(id))) {
            throw new UnknownDeviceException("config.json", id);
        }
        return replace(devices);
    }

    @Override
    public synchronized SiteConfig updateSettings(SiteSettings settings) throws ConfigValidationException {
        if (settings.collectIntervalS() < 1) {
            throw new ConfigValidationException("config.json",
                    List.of(new ValidationProblem("collect_interval_s", "must be at least 1")));
        }
        current = new SiteConfig(settings, current.devices(), current.driverDefaults(), current.extras());
        return current;
    }

    @Override
    public SiteConfig replaceBackendDevices(List<Device> backendDevices) {
        throw new UnsupportedOperationException("not used by the web UI");
    }
}
