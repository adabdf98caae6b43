package org.avmonitoring.agent.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

import org.junit.jupiter.api.Test;

/** A driver's careless message is masked of the device's secrets: secret names, and what its description marks. */
class SecretScrubberTest {
    private static final DriverDescription DISPLAY = DriverDescription.builder("Display")
            .setting(SettingDescription.text("pin").asSecret())
            .setting(SettingDescription.list("zones", SettingDescription.text("code").asSecret()))
            .build();

    @Test
    void describedSecretsAreMaskedLikeSecretNames() {
        Device d = new Device("wall-1", null, "display", "127.0.0.5", null, null, true, DeviceSource.LOCAL,
                Map.of("pin", "4711-pin", "password", "pw-0815", "zones", List.of(Map.of("code", "zone-code-9")),
                        "room", "Hall"));
        String text = "login 4711-pin / pw-0815 / zone-code-9 refused in Hall";
        assertEquals("login ******** / ******** / ******** refused in Hall",
                SecretScrubber.scrub(text, d, DISPLAY));
        assertEquals("login 4711-pin / ******** / zone-code-9 refused in Hall",
                SecretScrubber.scrub(text, d, null), "without a description: secret names only");
    }
}
