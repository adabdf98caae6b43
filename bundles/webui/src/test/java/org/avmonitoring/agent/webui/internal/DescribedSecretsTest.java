package org.avmonitoring.agent.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.junit.jupiter.api.Test;

/**
 * A setting whose name says nothing ({@code pin}) but that its driver's description marks secret is masked in every
 * device answer and kept on save like a password (FakeDrivers' "display" driver).
 */
class DescribedSecretsTest {
    private static final String PIN = "pin-4711-CHANGE-ME";
    private final FakeConfigService config = new FakeConfigService(new SiteSettings("Campus A", Secret.of("t"),
            "", 60, 300, 60, 300), List.of(new Device("wall-1", null, "display", "127.0.0.5", null, null, true,
            DeviceSource.LOCAL, Map.of("pin", PIN))));
    private final ApiRouter router = new ApiRouter(new ApiRouter.Services(config, new FakeMonitorService(),
            () -> null, () -> null, Map::of, List::of, "1"),
            new UiAuth(null, Duration.ofHours(1), Clock.systemUTC()), Duration.ofSeconds(5));

    @Test
    void aDescribedSecretIsMaskedInEveryDeviceAnswer() {
        ApiResponse one = call("GET", "/api/devices/wall-1", null);
        assertEquals(Secrets.MASK, ApiRouterTest.map(one).get("pin"));
        assertFalse(ApiRouterTest.text(one).contains(PIN));
        assertFalse(ApiRouterTest.text(call("GET", "/api/devices", null)).contains(PIN));
        ApiResponse saved = call("PUT", "/api/devices/wall-1",
                "{\"type\":\"display\",\"host\":\"127.0.0.6\",\"pin\":\"" + Secrets.MASK + "\"}");
        assertEquals(200, saved.status(), ApiRouterTest.text(saved));
        assertFalse(ApiRouterTest.text(saved).contains(PIN));
    }

    @Test
    void aDescribedSecretIsKeptOnSaveWhenTheFormSendsTheMaskOrNothing() {
        for (String pin : List.of("\"" + Secrets.MASK + "\"", "\"\"")) {
            assertEquals(200, call("PUT", "/api/devices/wall-1",
                    "{\"type\":\"display\",\"host\":\"127.0.0.6\",\"pin\":" + pin + "}").status());
            Device stored = config.current().device("wall-1").orElseThrow();
            assertEquals(PIN, stored.settings().get("pin"), pin);
            assertEquals("127.0.0.6", stored.host());
        }
        assertEquals(200, call("PUT", "/api/devices/wall-1",
                "{\"type\":\"display\",\"host\":\"127.0.0.6\",\"pin\":\"1234\"}").status());
        assertEquals("1234", config.current().device("wall-1").orElseThrow().settings().get("pin"));
    }

    private ApiResponse call(String method, String path, String body) {
        return router.handle(new ApiRequest(method, path, null,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), null, null)).join();
    }
}
