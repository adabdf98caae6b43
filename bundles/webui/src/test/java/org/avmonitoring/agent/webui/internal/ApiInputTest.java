package org.avmonitoring.agent.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.JsonNesting;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.junit.jupiter.api.Test;

/** Hostile or careless input to the API: each is refused with a clear 400 (or 405) and nothing is stored. */
class ApiInputTest {
    private static final String TYPO_SECRET = "typo-secret-CHANGE-ME";
    private final Device stored = new Device("proj-1", null, "pjlink", "127.0.0.5", null, null, true,
            DeviceSource.LOCAL, Map.of("pasword", TYPO_SECRET));
    private final FakeConfigService config = new FakeConfigService(new SiteSettings("Campus A", Secret.of("t"),
            "", 60, 300, 60, 300), List.of(stored));
    private final ApiRouter router = new ApiRouter(new ApiRouter.Services(config, new FakeMonitorService(),
            () -> null, () -> null, Map::of, List::of, "1"),
            new UiAuth(null, Duration.ofHours(1), Clock.systemUTC()), Duration.ofSeconds(5));

    @Test
    void deeplyNestedJsonIsA400BeforeTheReaderRecurses() {
        for (int depth : List.of(JsonNesting.MAX_DEPTH + 1, 800, 100_000)) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            ApiResponse r = call("POST", "/api/devices", "{\"id\":\"x\",\"type\":\"ping\",\"host\":\"127.0.0.9\",\"a\":" + nested + "}");
            assertEquals(400, r.status());
            assertTrue(message(r).contains("deeper than " + JsonNesting.MAX_DEPTH), message(r));
        }
        assertEquals(201, call("POST", "/api/devices",
                "{\"id\":\"x\",\"type\":\"ping\",\"host\":\"127.0.0.9\",\"ping\":{\"count\":2}}").status());
    }

    @Test
    void textAfterTheJsonObjectIsA400() {
        for (String trailing : List.of(" xyz", " {}", "]", " 42")) {
            ApiResponse r = call("POST", "/api/devices", "{\"id\":\"x\",\"type\":\"ping\",\"host\":\"127.0.0.9\"}" + trailing);
            assertEquals(400, r.status(), trailing);
            assertTrue(message(r).contains("nothing after it"), message(r));
        }
        assertFalse(config.current().device("x").isPresent());
        assertEquals(201, call("POST", "/api/devices", "{\"id\":\"x\",\"type\":\"ping\",\"host\":\"127.0.0.9\"}\n ").status());
    }

    @Test
    void unsupportedMethodsAre405WithTheMethodsThatAre() {
        ApiResponse r = call("PATCH", "/api/devices/proj-1", "{}");
        assertEquals(405, r.status());
        assertEquals("DELETE, GET, PUT", r.headers().get("Allow"));
        assertEquals("GET, POST", call("PATCH", "/api/devices", "{}").headers().get("Allow"));
        assertEquals("GET, PUT", call("DELETE", "/api/site", null).headers().get("Allow"));
        assertEquals("POST", call("GET", "/api/devices/proj-1/test", null).headers().get("Allow"));
    }

    @Test
    void siteUpdateListsEveryProblem() {
        ApiResponse r = call("PUT", "/api/site",
                "{\"site_name\":42,\"collect_interval_s\":\"soon\",\"colect_interval_s\":5,\"report_interval_ok_s\":true}");
        assertEquals(400, r.status());
        List<Map<String, Object>> errors = ApiRouterTest.list(ApiRouterTest.map(r).get("errors"));
        assertEquals(List.of("colect_interval_s", "site_name", "collect_interval_s", "report_interval_ok_s"),
                errors.stream().map(e -> e.get("field")).toList());
        assertTrue(errors.get(0).get("message").toString().contains("did you mean \"collect_interval_s\""));
        assertEquals("Campus A", config.current().settings().siteName());
    }

    @Test
    void unknownDeviceKeysAreRefusedByNameWithASuggestion() {
        ApiResponse r = call("POST", "/api/devices", "{\"id\":\"p2\",\"type\":\"pjlink\",\"host\":\"127.0.0.9\","
                + "\"pasword\":\"" + TYPO_SECRET + "\",\"intervall_s\":60}");
        assertEquals(400, r.status());
        List<Map<String, Object>> errors = ApiRouterTest.list(ApiRouterTest.map(r).get("errors"));
        assertEquals(List.of("pasword", "intervall_s"), errors.stream().map(e -> e.get("field")).toList());
        assertTrue(errors.get(0).get("message").toString().contains("did you mean \"password\"?"));
        assertTrue(errors.get(1).get("message").toString().contains("did you mean \"interval_s\"?"));
        assertFalse(ApiRouterTest.text(r).contains(TYPO_SECRET));
        assertFalse(config.current().device("p2").isPresent());

        ApiResponse snmp = call("POST", "/api/devices", "{\"id\":\"s2\",\"type\":\"snmp\",\"host\":\"127.0.0.9\","
                + "\"snmp\":{\"version\":\"2c\",\"comunity\":\"c\"}}");
        assertEquals(400, snmp.status());
        Map<String, Object> error = ApiRouterTest.list(ApiRouterTest.map(snmp).get("errors")).get(0);
        assertEquals("snmp.comunity", error.get("field"));
        assertTrue(error.get("message").toString().contains("did you mean \"community\"?"));
        assertEquals(400, call("POST", "/api/devices/test", "{\"id\":\"p3\",\"type\":\"pjlink\",\"host\":\"127.0.0.9\","
                + "\"colour\":\"red\"}").status());
    }

    @Test
    void aMisspelledSecretStoredElsewhereIsNeverShown() {
        ApiResponse r = call("GET", "/api/devices/proj-1", null);
        assertEquals(Secrets.MASK, ApiRouterTest.map(r).get("pasword"));
        assertFalse(ApiRouterTest.text(r).contains(TYPO_SECRET));
        assertFalse(ApiRouterTest.text(call("GET", "/api/devices", null)).contains(TYPO_SECRET));
    }

    private ApiResponse call(String method, String path, String body) {
        return router.handle(new ApiRequest(method, path, null,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), null, null)).join();
    }

    private static String message(ApiResponse r) {
        return String.valueOf(ApiRouterTest.list(ApiRouterTest.map(r).get("errors")).get(0).get("message"));
    }
}
