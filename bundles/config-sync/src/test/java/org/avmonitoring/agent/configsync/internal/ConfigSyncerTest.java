package org.avmonitoring.agent.configsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.backendhttp.internal.HttpSettings;
import org.avmonitoring.agent.backendhttp.internal.JdkBackendHttp;
import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.testing.support.TestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config sync against the backend simulator, with an in-memory config service. */
class ConfigSyncerTest {
    static final String TOKEN = "site/tok+en-7a6b5c4d-CHANGE-ME";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;

    BackendSimulator sim;
    InMemoryConfigService config;
    final List<ConfigSyncer> syncers = new ArrayList<>();

    static final Device LOCAL = new Device("local-1", null, "ping", "127.0.0.9", null, null, true, DeviceSource.LOCAL,
            Map.of());

    @BeforeEach
    void setUp() throws IOException {
        sim = BackendSimulator.start();
        config = new InMemoryConfigService(new SiteConfig(settings(sim.url(), 1), List.of(LOCAL), null, null));
    }

    @AfterEach
    void tearDown() {
        syncers.forEach(ConfigSyncer::close);
        sim.close();
    }

    @AfterAll
    static void tokenNeverLogged() {
        TestLog.assertNeverLogged("/config/********", TOKEN, "tok%2Ben"); // the URL is logged, with the token masked
    }

    static SiteSettings settings(String url, int syncIntervalS) {
        return new SiteSettings("Test site", Secret.of(TOKEN), url, 60, 300, 60, syncIntervalS);
    }

    ConfigSyncer syncer() {
        return syncer(SyncTimer.thread());
    }

    ConfigSyncer syncer(SyncTimer timer) {
        ConfigSyncer s = new ConfigSyncer(config, new SyncOptions(Duration.ofMillis(100), 1 << 20),
                new JdkBackendHttp(new HttpSettings("", "", Duration.ofSeconds(2), Duration.ofSeconds(5))),
                new AppliedMd5(dataDir.resolve("applied.md5")), timer);
        s.start();
        syncers.add(s);
        return s;
    }

    static String devicesJson(String... devices) {
        return "{\"devices\":[" + String.join(",", devices) + "]}";
    }

    static String device(String id, String host) {
        return "{\"id\":\"" + id + "\",\"type\":\"ping\",\"host\":\"" + host + "\"}";
    }

    Map<String, String> hostsBySource(DeviceSource source) {
        return config.current().devices().stream().filter(d -> d.source() == source)
                .collect(Collectors.toMap(Device::id, Device::host));
    }

    @Test
    void devicesAddedEditedAndRemovedOnTheBackendAreAppliedAndLocalOnesKept() {
        sim.setConfig(TOKEN, devicesJson(device("proj-1", "127.0.0.2"), device("proj-2", "127.0.0.3")));
        ConfigSyncer s = syncer();
        Await.until(WAIT, () -> hostsBySource(DeviceSource.BACKEND).size() == 2 && s.status().lastChange() != null,
                "two backend devices applied");
        assertEquals(Map.of("local-1", "127.0.0.9"), hostsBySource(DeviceSource.LOCAL));
        assertEquals(ConfigSyncer.md5(devicesJson(device("proj-1", "127.0.0.2"), device("proj-2", "127.0.0.3"))
                .getBytes(StandardCharsets.UTF_8)), s.status().appliedMd5());

        sim.setConfig(TOKEN, devicesJson(device("proj-2", "127.0.0.33"), device("proj-3", "127.0.0.4")));
        Await.until(WAIT, () -> hostsBySource(DeviceSource.BACKEND).equals(
                Map.of("proj-2", "127.0.0.33", "proj-3", "127.0.0.4")), "proj-1 removed, proj-2 edited, proj-3 added");
        assertEquals(Map.of("local-1", "127.0.0.9"), hostsBySource(DeviceSource.LOCAL));
        Await.until(WAIT, () -> TestLog.contains("1 added (proj-3), 1 changed (proj-2), 1 removed (proj-1)"),
                "the change logged by id");
    }

    @Test
    void theTokenIsSentInThePathAndTheHeader() {
        sim.setConfig(TOKEN, devicesJson());
        syncer();
        Await.until(WAIT, () -> !sim.configRequests().isEmpty(), "a config request");
        assertEquals(List.of(TOKEN), sim.configRequests().get(0).get("x-site-token"));
        Await.until(WAIT, () -> config.replacements.get() == 1, "served by the path token, so applied");
    }

    @Test
    void anUnchangedConfigurationIsNotAppliedAgainNorAfterARestart() {
        sim.setConfig(TOKEN, devicesJson(device("proj-1", "127.0.0.2")));
        ConfigSyncer first = syncer();
        Await.until(WAIT, () -> config.replacements.get() == 1, "applied once");
        Await.until(WAIT, () -> sim.configRequests().size() >= 3, "two more syncs");
        assertEquals(1, config.replacements.get());
        first.close();
        syncers.remove(first);
        int requests = sim.configRequests().size();
        ConfigSyncer second = syncer();
        Await.until(WAIT, () -> sim.configRequests().size() > requests && second.status().lastSuccess() != null,
                "a sync after the restart");
        assertEquals(1, config.replacements.get(), "the remembered MD5 spared a rewrite of config.json");
    }

    @Test
    void malformedJsonFromTheBackendChangesNothing() {
        sim.setConfig(TOKEN, devicesJson(device("proj-1", "127.0.0.2")));
        ConfigSyncer s = syncer();
        Await.until(WAIT, () -> s.status().appliedMd5() != null, "a first valid config applied");
        SiteConfig before = config.current();
        String md5 = s.status().appliedMd5();
        sim.setConfig(TOKEN, "{\"devices\": [ {\"id\": ");
        Await.until(WAIT, () -> s.status().lastError() != null, "the bad answer rejected");
        assertTrue(s.status().lastError().contains("invalid JSON"), s.status().lastError());
        assertEquals(before, config.current());
        assertEquals(md5, s.status().appliedMd5());
        Await.until(WAIT, () -> TestLog.contains("backend configuration rejected"), "the rejection logged");
    }

    @Test
    void anInvalidDeviceIsRejectedNamingTheFault() {
        sim.setConfig(TOKEN, devicesJson(device("proj-1", "127.0.0.2"), "{\"id\":\"proj-2\",\"type\":\"ping\"}"));
        ConfigSyncer s = syncer();
        Await.until(WAIT, () -> s.status().lastError() != null, "rejected");
        assertTrue(s.status().lastError().contains("devices[1].host: missing"), s.status().lastError());
        assertEquals(List.of(LOCAL), config.current().devices());
        assertNull(s.status().appliedMd5());
        Await.until(WAIT, () -> TestLog.contains("devices[1].host: missing"), "the fault logged");
    }

    @Test
    void aBackendDeviceWithALocalDevicesIdIsRejected() {
        sim.setConfig(TOKEN, devicesJson(device("local-1", "127.0.0.2")));
        ConfigSyncer s = syncer();
        Await.until(WAIT, () -> s.status().lastError() != null, "rejected");
        assertTrue(s.status().lastError().contains("local device"), s.status().lastError());
        assertEquals(List.of(LOCAL), config.current().devices());
    }

    @Test
    void anUnreachableBackendNeverBlocksStartAndIsRetriedWithBackoff() throws IOException {
        sim.setConfig(TOKEN, devicesJson(device("proj-1", "127.0.0.2")));
        sim.refuseConnections(true);
        long t0 = System.nanoTime();
        ConfigSyncer s = syncer();
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(), "start() returns at once");
        Await.until(WAIT, () -> s.status().lastError() != null && s.status().lastError().contains("unreachable"),
                "unreachable reported");
        assertTrue(s.status().lastError().contains("/config/********"), s.status().lastError());
        assertEquals(List.of(LOCAL), config.current().devices());
        sim.refuseConnections(false);
        Await.until(WAIT, () -> config.replacements.get() == 1 && s.status().lastError() == null,
                "applied once the backend is back, the error cleared");
    }

    @Test
    void serverErrorsAndRefusedTokensKeepTheLocalConfiguration() throws IOException {
        sim.setConfig(TOKEN, devicesJson(device("proj-1", "127.0.0.2")));
        sim.failWith(500);
        ConfigSyncer s = syncer();
        Await.until(WAIT, () -> s.status().lastError() != null && s.status().lastError().contains("HTTP 500"), "500");
        sim.failWith(401);
        Await.until(WAIT, () -> s.status().lastError().contains("HTTP 401"), "401");
        assertTrue(TestLog.contains("(site token refused)"));
        assertEquals(0, config.replacements.get());
        sim.heal();
        Await.until(WAIT, () -> config.replacements.get() == 1, "applied after the faults");
    }

    @Test
    void noConfigurationForTheSiteIsNotAnError() {
        ConfigSyncer s = syncer();
        Await.until(WAIT, () -> s.status().lastError() != null, "answered");
        assertTrue(s.status().lastError().contains("HTTP 404"), s.status().lastError());
        assertEquals(List.of(LOCAL), config.current().devices());
    }

    @Test
    void standaloneMakesNoRequestAndANewUrlSyncsAtOnce() {
        config.setSettings(settings("", 3600));
        sim.setConfig(TOKEN, devicesJson(device("proj-1", "127.0.0.2")));
        ManualSyncTimer timer = new ManualSyncTimer();
        ConfigSyncer s = syncer(timer);
        assertEquals(Duration.ZERO, timer.delay(), "the first sync is planned at once");
        timer.run();
        assertTrue(sim.configRequests().isEmpty(), "no backend URL: no request");
        assertEquals(Duration.ofSeconds(3600), timer.delay(), "the next is planned a sync interval later");
        assertNull(s.status().lastAttempt());
        config.setSettings(settings(sim.url(), 3600));
        s.settingsChanged(config.current().settings());
        assertEquals(Duration.ZERO, timer.delay(), "a new URL plans a sync at once");
        timer.run();
        assertEquals(1, sim.configRequests().size());
        assertEquals(1, config.replacements.get(), "synced as soon as the URL was set");
        assertEquals(Duration.ofSeconds(3600), timer.delay());
    }
}
