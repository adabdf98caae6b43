package org.avmonitoring.agent.config.internal;

import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.ValidationProblem;

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
}
