package org.avmonitoring.agent.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;

/**
 * The config bundle's own device codec, for the web UI's tests: {@code ConfigCodec} is private to that bundle, and a
 * fake that copied it would drift from what config.json really holds. Only on the test class path (the config jar is
 * a test dependency of webui); in the container the web UI sees the {@code ConfigService} alone.
 */
public final class CodecForTests {
    private CodecForTests() {
    }

    public static Map<String, Object> toJson(Device d) {
        return ConfigCodec.toJson(d);
    }

    /** The device, or null with {@code problems} filled, as {@code ConfigService.parseDevice} reads it. */
    public static Device device(Map<String, Object> json, DeviceSource source, List<ValidationProblem> problems) {
        return ConfigCodec.device(json, "", source, problems, null);
    }

    /**
     * The real device rules with {@code drivers} standing for the installed ones: the problems of one device,
     * undescribed keys among them when {@code strict} (as {@code ConfigService.validateDevice}), else left out.
     */
    /** The keys the driver of {@code type} among {@code drivers} describes as secret, as the config service says. */
    public static Set<String> secretKeys(String type, Map<String, DeviceDriver> drivers) {
        return DeviceRules.secretKeys(type, t -> Optional.ofNullable(drivers.get(t)));
    }

    public static List<ValidationProblem> check(Device d, Map<String, DeviceDriver> drivers, boolean strict) {
        return DeviceRules.check(d, type -> Optional.ofNullable(drivers.get(type)), strict, new ArrayList<>());
    }
}
