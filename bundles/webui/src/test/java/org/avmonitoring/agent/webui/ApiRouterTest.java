package org.avmonitoring.agent.webui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.backend.BackendLink;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.backend.ConfigSync;
import org.avmonitoring.agent.api.backend.ConfigSyncStatus;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.api.driver.DeviceDiscovery;
import org.avmonitoring.agent.api.driver.DiscoveredDevice;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.monitor.HistoryPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiRouterTest {
    private static final String PJLINK_PASSWORD = "pj-secret-CHANGE-ME";
    private static final String COMMUNITY = "community-CHANGE-ME";
    private static final String TOKEN = "token-CHANGE-ME";
    private static final String BACKEND_COMMUNITY = "backend-community-CHANGE-ME";
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    private FakeConfigService config;
    private FakeMonitorService monitor;
    private volatile BackendLink backendLink;
    private volatile ConfigSync configSync;
    private final Map<String, DeviceDiscovery> discoveries = new LinkedHashMap<>();
    private ApiRouter router;

    @BeforeEach
    void setUp() {
        Device proj = new Device("proj-1", "Room 101 projector", "pjlink", "127.0.0.5", 4352, null, true,
                DeviceSource.LOCAL, Map.of("password", PJLINK_PASSWORD));
        Device sw = new Device("sw-1", null, "snmp", "127.0.0.6", null, null, true, DeviceSource.BACKEND,
                Map.of("snmp", Map.of("version", "2c", "community", BACKEND_COMMUNITY)));
        Device dsp = new Device("dsp-1", null, "snmp", "127.0.0.7", null, null, true, DeviceSource.LOCAL,
                Map.of("snmp", Map.of("version", "2c", "community", COMMUNITY, "retries", 1)));
        config = new FakeConfigService(new SiteSettings("Campus A", Secret.of(TOKEN), "https://backend.invalid",
                60, 300, 60, 300), List.of(proj, sw, dsp));
        monitor = new FakeMonitorService();
        CheckResult ok = CheckResult.builder(T0).latencyMs(1.5).metric("power", "on").metric("lamp_hours", 1200).build();
        monitor.states.put("proj-1", new DeviceState(proj, ok, T0, 10, 1));
        monitor.states.put("sw-1", new DeviceState(sw, CheckResult.ko(T0, "timeout after 1500 ms"), T0, 3, 3));
        monitor.answer = d -> CompletableFuture.completedFuture(
                CheckResult.builder(T0).latencyMs(2.0).metric("power", "standby").build());
        ApiRouter.Services services = new ApiRouter.Services(config, monitor, () -> backendLink, () -> configSync,
                () -> discoveries, () -> List.of(Map.of("id", 0, "symbolic_name", "org.apache.felix.framework",
                        "version", "7.0.5", "state", "active")), "1.2.3");
        router = new ApiRouter(services, new UiAuth(null, Duration.ofHours(1), Clock.systemUTC()), Duration.ofSeconds(5));
    }

    // ---- devices

    @Test
    void listsEveryDeviceWithItsStateCountsAndSourceAndNoSecret() {
        ApiResponse r = call("GET", "/api/devices", null);
        assertEquals(200, r.status());
        String text = text(r);
        assertNoSecret(text);
        Map<String, Object> body = map(r);
        List<Map<String, Object>> devices = list(body.get("devices"));
        assertEquals(List.of("proj-1", "sw-1", "dsp-1"), devices.stream().map(d -> d.get("id")).toList());
        Map<String, Object> proj = devices.get(0);
        assertEquals(Secrets.MASK, proj.get("password"));
        assertEquals("local", proj.get("source"));
        assertEquals(false, proj.get("read_only"));
        Map<String, Object> state = map(proj.get("state"));
        assertEquals("ok", state.get("status"));
        assertEquals(1.5, map(state.get("latest")).get("latency_ms"));
        assertEquals(1200, map(map(state.get("latest")).get("metrics")).get("lamp_hours"));
        assertEquals(true, devices.get(1).get("read_only"));
        assertEquals("backend", devices.get(1).get("source"));
        assertNull(devices.get(2).get("state"), "a device not yet checked has no state");
        assertEquals(Map.of("ok", 1, "warning", 0, "ko", 1, "unknown", 1), body.get("counts"));
    }

    @Test
    void theStateCarriesTheConfirmedStateUnconfirmedFailuresExpectedPowerAndMaintenance() {
        Device sw = config.current().device("sw-1").orElseThrow();
        Maintenance m = new Maintenance(T0.plusSeconds(3600), "lamp replacement", Maintenance.SITE);
        monitor.states.put("sw-1", new DeviceState(sw, CheckResult.ko(T0, "timeout"), T0, 3, 1,
                new Assessment(Status.OK, 1, "on", m)));
        Map<String, Object> state = map(map(call("GET", "/api/devices/sw-1", null)).get("state"));
        assertEquals("ko", state.get("status"));
        assertEquals("ok", state.get("confirmed"));
        assertEquals(1, state.get("unconfirmed_failures"));
        assertEquals("on", state.get("expected"));
        assertEquals(Map.of("until", T0.plusSeconds(3600).toString(), "reason", "lamp replacement", "source", "site"),
                state.get("maintenance"));
        assertEquals(List.of(), state.get("forecasts"));
        Map<String, Object> plain = map(map(call("GET", "/api/devices/proj-1", null)).get("state"));
        assertEquals("ok", plain.get("confirmed"), "without an assessment the state is the status");
        assertNull(plain.get("expected"));
        assertNull(plain.get("maintenance"));
    }

    @Test
    void maintenanceStartsWithMinutesAndReasonAndEnds() {
        ApiResponse r = call("POST", "/api/devices/proj-1/maintenance", "{\"minutes\": 60, \"reason\": \"lamp replacement\"}");
        assertEquals(200, r.status());
        assertEquals(Map.of("until", "2027-01-04T09:00:00Z", "reason", "lamp replacement", "source", "api"), map(r));
        assertEquals(60 * 60, monitor.maintenance.get("proj-1").until().getEpochSecond()
                - java.time.Instant.parse("2027-01-04T08:00:00Z").getEpochSecond());
        assertError(call("POST", "/api/devices/proj-1/maintenance", "{\"minutes\": 0}"), 400, "minutes");
        assertError(call("POST", "/api/devices/proj-1/maintenance", "{\"minutes\": \"1h\"}"), 400, "minutes");
        assertError(call("POST", "/api/devices/nope/maintenance", "{\"minutes\": 5}"), 404, "id");
        assertEquals(204, call("DELETE", "/api/devices/proj-1/maintenance", null).status());
        assertNull(monitor.maintenance.get("proj-1"));
    }

    @Test
    void filtersTheListByStatusAndTypeButCountsEveryDevice() {
        ApiResponse r = router.handle(new ApiRequest("GET", "/api/devices", Map.of("status", "unknown", "type", "snmp"),
                null, null, null)).join();
        assertEquals(List.of("dsp-1"), list(map(r).get("devices")).stream().map(d -> d.get("id")).toList());
        assertEquals(Map.of("ok", 1, "warning", 0, "ko", 1, "unknown", 1), map(r).get("counts"));
    }

    @Test
    void getsOneDeviceOr404() {
        ApiResponse r = call("GET", "/api/devices/dsp-1", null);
        assertEquals(200, r.status());
        assertEquals(Secrets.MASK, map(map(r).get("snmp")).get("community"));
        assertNoSecret(text(r));
        assertError(call("GET", "/api/devices/nope", null), 404, "id");
    }

    @Test
    void addsADeviceAnswering201WithItMasked() {
        ApiResponse r = call("POST", "/api/devices",
                "{\"id\":\"proj-2\",\"type\":\"pjlink\",\"host\":\"127.0.0.8\",\"password\":\"new-CHANGE-ME\"}");
        assertEquals(201, r.status());
        assertEquals(Secrets.MASK, map(r).get("password"));
        assertFalse(text(r).contains("new-CHANGE-ME"));
        Device stored = config.current().device("proj-2").orElseThrow();
        assertEquals("new-CHANGE-ME", stored.settings().get("password"));
        assertEquals(DeviceSource.LOCAL, stored.source());
    }

    @Test
    void refusesAnInvalidDeviceWith400NamingEachField() {
        ApiResponse r = call("POST", "/api/devices", "{\"id\":\"x\",\"type\":\"snmp\",\"port\":\"abc\"}");
        assertEquals(400, r.status());
        List<Map<String, Object>> errors = list(map(r).get("errors"));
        assertEquals(List.of("host", "port"), errors.stream().map(e -> e.get("field")).toList());
        assertEquals("missing", errors.get(0).get("message"));
        assertFalse(config.current().device("x").isPresent());
    }

    @Test
    void reportsDriverProblemsFoundOnSaveWithPathsRelativeToTheDevice() {
        ApiResponse r = call("POST", "/api/devices",
                "{\"id\":\"sw-9\",\"type\":\"snmp\",\"host\":\"127.0.0.9\",\"snmp\":{\"version\":\"4\"}}");
        assertError(r, 400, "snmp.version");
    }

    @Test
    void refusesADuplicateIdWith409() {
        assertError(call("POST", "/api/devices", "{\"id\":\"proj-1\",\"type\":\"ping\",\"host\":\"127.0.0.9\"}"),
                409, "id");
    }

    @Test
    void refusesToCreateABackendDeviceAndMalformedBodies() {
        assertError(call("POST", "/api/devices",
                "{\"id\":\"b\",\"type\":\"ping\",\"host\":\"127.0.0.9\",\"source\":\"backend\"}"), 400, "source");
        assertError(call("POST", "/api/devices", "{not json"), 400, "");
        assertError(call("POST", "/api/devices", "[1,2]"), 400, "");
        assertError(call("POST", "/api/devices", ""), 400, "");
        ApiResponse unquoted = call("POST", "/api/devices", "{\"id\":\"p\",\"password\": hunter2-secret}");
        assertError(unquoted, 400, "");
        assertTrue(text(unquoted).contains("line 1, column"), () -> text(unquoted));
        assertFalse(text(unquoted).contains("hunter2"), () -> text(unquoted));
    }

    @Test
    void anEditWithTheMaskOrNothingKeepsTheStoredSecrets() {
        ApiResponse r = call("PUT", "/api/devices/dsp-1", "{\"id\":\"dsp-1\",\"type\":\"snmp\",\"host\":\"127.0.0.17\","
                + "\"snmp\":{\"version\":\"2c\",\"community\":\"********\",\"retries\":2}}");
        assertEquals(200, r.status());
        Device d = config.current().device("dsp-1").orElseThrow();
        assertEquals("127.0.0.17", d.host());
        assertEquals(COMMUNITY, d.section("snmp").get("community"));
        assertEquals(2, d.section("snmp").get("retries"));

        call("PUT", "/api/devices/proj-1", "{\"type\":\"pjlink\",\"host\":\"127.0.0.5\",\"password\":\"\"}");
        assertEquals(PJLINK_PASSWORD, config.current().device("proj-1").orElseThrow().settings().get("password"));
    }

    @Test
    void anEditReplacesASecretWithANewValueAndNullClearsIt() {
        call("PUT", "/api/devices/proj-1", "{\"type\":\"pjlink\",\"host\":\"127.0.0.5\",\"password\":\"other-CHANGE-ME\"}");
        assertEquals("other-CHANGE-ME", config.current().device("proj-1").orElseThrow().settings().get("password"));
        call("PUT", "/api/devices/proj-1", "{\"type\":\"pjlink\",\"host\":\"127.0.0.5\",\"password\":null}");
        assertFalse(config.current().device("proj-1").orElseThrow().settings().containsKey("password"));
    }

    @Test
    void anEditMayRenameButNotOntoAnotherId() {
        assertEquals(200, call("PUT", "/api/devices/proj-1",
                "{\"id\":\"proj-101\",\"type\":\"pjlink\",\"host\":\"127.0.0.5\"}").status());
        assertTrue(config.current().device("proj-101").isPresent());
        assertError(call("PUT", "/api/devices/proj-101", "{\"id\":\"dsp-1\",\"type\":\"pjlink\",\"host\":\"127.0.0.5\"}"),
                409, "id");
    }

    @Test
    void editErrors404And400() {
        assertError(call("PUT", "/api/devices/nope", "{\"type\":\"ping\",\"host\":\"127.0.0.9\"}"), 404, "id");
        assertError(call("PUT", "/api/devices/proj-1", "{\"type\":\"pjlink\",\"host\":\"\"}"), 400, "host");
        assertEquals(PJLINK_PASSWORD, config.current().device("proj-1").orElseThrow().settings().get("password"));
    }

    @Test
    void backendDevicesAreReadOnly409() {
        assertError(call("PUT", "/api/devices/sw-1", "{\"type\":\"snmp\",\"host\":\"127.0.0.6\"}"), 409, "source");
        assertError(call("DELETE", "/api/devices/sw-1", null), 409, "source");
        assertTrue(config.current().device("sw-1").isPresent());
    }

    @Test
    void deletes204Then404() {
        assertEquals(204, call("DELETE", "/api/devices/proj-1", null).status());
        assertFalse(config.current().device("proj-1").isPresent());
        assertError(call("DELETE", "/api/devices/proj-1", null), 404, "id");
    }

    // ---- history and test now

    @Test
    void historyOfADeviceOr404() {
        monitor.history.put("proj-1", List.of(new HistoryPoint(T0, Status.OK, 1.25),
                new HistoryPoint(T0.plusSeconds(60), Status.KO, null)));
        ApiResponse r = call("GET", "/api/devices/proj-1/history", null);
        List<Map<String, Object>> points = list(map(r).get("points"));
        assertEquals(2, points.size());
        assertEquals("2026-11-24T08:00:00Z", points.get(0).get("at"));
        assertEquals(1.25, points.get(0).get("latency_ms"));
        assertEquals("ko", points.get(1).get("status"));
        assertError(call("GET", "/api/devices/nope/history", null), 404, "id");
    }

    @Test
    void testsASavedDeviceWithItsStoredSettings() {
        ApiResponse r = call("POST", "/api/devices/proj-1/test", null);
        assertEquals(200, r.status());
        assertEquals("standby", map(map(map(r).get("result")).get("metrics")).get("power"));
        Device checked = monitor.checked.get(0);
        assertEquals(PJLINK_PASSWORD, checked.settings().get("password"));
        assertEquals(60, checked.intervalS(), "checked in its effective form");
        assertError(call("POST", "/api/devices/nope/test", null), 404, "id");
    }

    @Test
    void testsAnUnsavedFormReusingTheStoredSecretBehindTheMask() {
        ApiResponse r = call("POST", "/api/devices/test",
                "{\"id\":\"proj-1\",\"type\":\"pjlink\",\"host\":\"127.0.0.50\",\"password\":\"********\"}");
        assertEquals(200, r.status());
        Device checked = monitor.checked.get(0);
        assertEquals("127.0.0.50", checked.host());
        assertEquals(PJLINK_PASSWORD, checked.settings().get("password"));
        assertEquals("127.0.0.5", config.current().device("proj-1").orElseThrow().host(), "nothing saved");
    }

    @Test
    void testOfAnInvalidFormOrMissingDriverIs400() {
        assertError(call("POST", "/api/devices/test", "{\"id\":\"n\",\"type\":\"snmp\",\"host\":\"127.0.0.9\"}"),
                400, "snmp.version");
        assertError(call("POST", "/api/devices/test", "{\"id\":\"n\",\"type\":\"bacnet\",\"host\":\"127.0.0.9\"}"),
                400, "type");
        assertTrue(monitor.checked.isEmpty());
    }

    @Test
    void aTestWithoutAnswerEndsWith504() {
        ApiRouter.Services services = new ApiRouter.Services(config, monitor, () -> null, () -> null, Map::of,
                List::of, "1");
        ApiRouter quick = new ApiRouter(services, new UiAuth(null, Duration.ofHours(1), Clock.systemUTC()),
                Duration.ofMillis(50));
        CompletableFuture<CheckResult> never = new CompletableFuture<>();
        monitor.answer = d -> never;
        ApiResponse r = quick.handle(new ApiRequest("POST", "/api/devices/proj-1/test", null, null, null, null)).join();
        assertEquals(504, r.status());
        assertTrue(never.isCancelled(), "the pending check is cancelled");
    }

    // ---- site

    @Test
    void siteSettingsNeverShowTheToken() {
        ApiResponse r = call("GET", "/api/site", null);
        Map<String, Object> s = map(r);
        assertEquals("Campus A", s.get("site_name"));
        assertEquals(true, s.get("site_token_set"));
        assertFalse(s.containsKey("site_token"));
        assertFalse(text(r).contains(TOKEN));
    }

    @Test
    void siteUpdateKeepsTheTokenUnlessANewOneIsGiven() {
        ApiResponse r = call("PUT", "/api/site", "{\"site_name\":\"Campus B\",\"site_token\":\"********\"}");
        assertEquals(200, r.status());
        assertEquals("Campus B", config.current().settings().siteName());
        assertEquals(TOKEN, config.current().settings().siteToken().reveal());
        assertFalse(text(r).contains(TOKEN));

        call("PUT", "/api/site", "{\"site_token\":\"fresh-CHANGE-ME\",\"collect_interval_s\":\"30\"}");
        assertEquals("fresh-CHANGE-ME", config.current().settings().siteToken().reveal());
        assertEquals(30, config.current().settings().collectIntervalS());
        assertEquals("Campus B", config.current().settings().siteName());
    }

    @Test
    void siteUpdateErrorsAre400WithTheField() {
        assertError(call("PUT", "/api/site", "{\"collect_interval_s\":\"soon\"}"), 400, "collect_interval_s");
        assertError(call("PUT", "/api/site", "{\"collect_interval_s\":0}"), 400, "collect_interval_s");
        assertError(call("PUT", "/api/site", "{\"site_name\":42}"), 400, "site_name");
        assertError(call("PUT", "/api/site", "{\"colour\":\"blue\"}"), 400, "colour");
        assertEquals("Campus A", config.current().settings().siteName());
    }

    // ---- health and discovery

    @Test
    void healthListsDriversBundlesCollectorAndLinks() {
        Map<String, Object> h = map(call("GET", "/api/health", null));
        assertEquals(List.of("ping", "pjlink", "snmp"), h.get("drivers"));
        assertEquals("1.2.3", h.get("version"));
        assertEquals("org.apache.felix.framework", list(h.get("bundles")).get(0).get("symbolic_name"));
        assertEquals(9.75, map(h.get("collector")).get("average_collection_ms"));
        assertNull(h.get("backend_link"), "no reporter installed");
        assertNull(h.get("config_sync"));

        backendLink = () -> new BackendLinkStatus(BackendLinkStatus.State.DISCONNECTED, T0, T0.plusSeconds(5),
                "HTTP 503", 4, 2048, 1);
        configSync = () -> new ConfigSyncStatus(T0, T0, null, null, "abc");
        h = map(call("GET", "/api/health", null));
        assertEquals("disconnected", map(h.get("backend_link")).get("state"));
        assertEquals(4, map(h.get("backend_link")).get("batches_buffered"));
        assertEquals("2026-11-24T08:00:00Z", map(h.get("config_sync")).get("last_success"));
    }

    @Test
    void discoveryListsFoundDevicesAndMarksConfiguredOnes() {
        assertEquals(List.of(), map(call("GET", "/api/discovery", null)).get("types"));
        assertError(call("POST", "/api/discovery/pjlink", "{}"), 404, "type");
        discoveries.put("pjlink", d -> CompletableFuture.completedFuture(List.of(
                new DiscoveredDevice("pjlink", "127.0.0.5", 4352, "MAC 00:11"),
                new DiscoveredDevice("pjlink", "127.0.0.40", 4352, "MAC 00:22"))));
        assertEquals(List.of("pjlink"), map(call("GET", "/api/discovery", null)).get("types"));
        List<Map<String, Object>> found = list(map(call("POST", "/api/discovery/pjlink", "{\"duration_s\":1}")).get("found"));
        assertEquals("proj-1", found.get(0).get("configured_id"));
        assertNull(found.get(1).get("configured_id"));
        assertError(call("POST", "/api/discovery/pjlink", "{\"duration_s\":600}"), 400, "duration_s");
    }

    @Test
    void aServiceFaultIsA500WithAJsonMessage() {
        monitor.answer = d -> {
            throw new IllegalStateException("collector stopping");
        };
        ApiResponse r = call("POST", "/api/devices/proj-1/test", null);
        assertError(r, 500, "");
        assertTrue(text(r).contains("collector stopping"));
    }

    @Test
    void unknownEndpoints404AndWrongMethods405() {
        assertEquals(404, call("GET", "/api/nothing", null).status());
        ApiResponse r = call("DELETE", "/api/site", null);
        assertEquals(405, r.status());
        assertEquals("GET", call("POST", "/api/health", null).headers().get("Allow"));
    }

    // ---- helpers

    private ApiResponse call(String method, String path, String body) {
        return router.handle(new ApiRequest(method, path, null,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), null, null)).join();
    }

    private static void assertError(ApiResponse r, int status, String field) {
        assertEquals(status, r.status(), () -> text(r));
        List<Map<String, Object>> errors = list(map(r).get("errors"));
        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().anyMatch(e -> field.equals(e.get("field"))), () -> text(r));
        errors.forEach(e -> assertFalse(String.valueOf(e.get("message")).isEmpty()));
    }

    private static void assertNoSecret(String text) {
        for (String secret : List.of(PJLINK_PASSWORD, COMMUNITY, BACKEND_COMMUNITY, TOKEN)) {
            assertFalse(text.contains(secret), "leaked a secret: " + text);
        }
    }

    static String text(ApiResponse r) {
        try {
            return JsonBody.JSON_TEXT.asString(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, Object> map(ApiResponse r) {
        try {
            return JsonBody.JSON_TEXT.mapFrom(text(r));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return new ArrayList<>((List<Map<String, Object>>) o);
    }
}
