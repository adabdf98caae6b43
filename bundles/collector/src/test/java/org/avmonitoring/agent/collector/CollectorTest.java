package org.avmonitoring.agent.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.api.monitor.CollectorStats;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.avmonitoring.agent.api.monitor.ResultListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectorTest {
    private static final long T0 = 1_800_000_000_000L;

    private final ManualScheduler clock = new ManualScheduler(T0);
    private final DriverRegistry drivers = new DriverRegistry();
    private final ResultPublisher publisher = new ResultPublisher();
    private final Collector collector = new Collector(clock, drivers, publisher,
            new Collector.Settings(2000, 5000, 1440, 16L * 1024 * 1024),
            new MaintenanceBook(null, java.time.Instant.EPOCH), new TrendStore());
    private long nextServiceId = 1;

    @AfterEach
    void close() {
        collector.close();
    }

    static Device device(String id, String type, String host, Integer intervalS) {
        return new Device(id, null, type, host, null, intervalS, true, DeviceSource.LOCAL, Map.of());
    }

    /** Ping devices d0, d1, ... on 127.1.x.y. */
    static List<Device> pingDevices(int n, int intervalS) {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            devices.add(device("d" + i, "ping", "127.1." + (i / 250) + "." + (i % 250 + 1), intervalS));
        }
        return devices;
    }

    static SiteConfig config(List<Device> devices) {
        SiteSettings s = new SiteSettings("test", Secret.empty(), "", 60, 300, 60, 300);
        return new SiteConfig(s, devices, Map.of(), Map.of());
    }

    private long register(String type, FakeDriver d, int ranking, String version) {
        long id = nextServiceId++;
        drivers.add(new DriverRegistry.Entry(type, d, ranking, id, version));
        return id;
    }

    /** Type x: ok with 1 ms latency while {@code up[0]}, else ko "connect refused". */
    private void registerUpOrDown(boolean[] up) {
        register("x", new FakeDriver(clock, (d, dl) -> {
            Instant at = Instant.ofEpochMilli(clock.nowMillis());
            return CompletableFuture.completedFuture(up[0] ? CheckResult.builder(at).latencyMs(1).build()
                    : CheckResult.ko(at, "connect refused"));
        }), 0, "1");
    }

    private Status status(String id) {
        return collector.state(id).orElseThrow().status();
    }

    private String error(String id) {
        return collector.state(id).orElseThrow().latest().error();
    }

    // ---------------------------------------------------------------- scheduling

    @Test
    void pollsEachDeviceOncePerInterval() {
        FakeDriver ping = FakeDriver.ok(clock);
        register("ping", ping, 0, "1.0.0");
        collector.apply(config(List.of(device("a", "ping", "127.0.0.1", 10))));

        clock.runPending();
        assertEquals(1, ping.count("a"), "the first device's phase is 0: polled at once");
        clock.advance(60_000);
        assertEquals(7, ping.count("a"));
        List<FakeDriver.Call> calls = ping.callsFor("a");
        for (int i = 1; i < calls.size(); i++) {
            assertEquals(10_000, calls.get(i).atMillis() - calls.get(i - 1).atMillis(), "fixed rate, no drift");
        }
        DeviceState st = collector.state("a").orElseThrow();
        assertEquals(Status.OK, st.status());
        assertEquals(7, st.checks());
        assertEquals(12.5, st.latest().latencyMs());
        assertEquals("1.0.0", st.latest().metrics().get("driver_version"));
    }

    @Test
    void intervalDefaultsToTheSiteSetting() {
        FakeDriver ping = FakeDriver.ok(clock);
        register("ping", ping, 0, "1");
        collector.apply(config(List.of(device("a", "ping", "127.0.0.1", null))));
        clock.advance(180_000);
        assertEquals(4, ping.count("a"), "60 s from the site's collect_interval_s: at 0, 60, 120 and 180 s");
    }

    @Test
    void startTimesAreSpreadOverTheInterval() {
        FakeDriver ping = FakeDriver.ok(clock);
        register("ping", ping, 0, "1");
        collector.apply(config(pingDevices(1000, 60)));
        clock.advance(59_999);

        int[] perSecond = new int[60];
        Map<String, Integer> perDevice = new HashMap<>();
        for (FakeDriver.Call c : ping.calls) {
            perSecond[(int) ((c.atMillis() - T0) / 1000)]++;
            perDevice.merge(c.deviceId(), 1, Integer::sum);
        }
        assertEquals(1000, perDevice.size(), "every device polled in the first interval");
        assertTrue(perDevice.values().stream().allMatch(n -> n == 1), "and only once");
        for (int s = 0; s < 60; s++) {
            // 1000 / 60 = 16.7 per second on average; the golden-ratio phases keep every second within 2 of it
            assertTrue(perSecond[s] >= 14 && perSecond[s] <= 19, "second " + s + " has " + perSecond[s] + " checks");
        }
    }

    // ---------------------------------------------------------------- misbehaving drivers

    @Test
    void hangingDriverIsCutAtTheDeadlineAndOthersRunOn() {
        FakeDriver hang = FakeDriver.hanging(clock);
        FakeDriver ping = FakeDriver.ok(clock);
        register("pjlink", hang, 0, "1");
        register("ping", ping, 0, "1");
        collector.apply(config(List.of(device("p", "pjlink", "127.0.0.2", 10), device("q", "ping", "127.0.0.3", 10))));

        clock.advance(60_000);
        assertEquals(7, hang.count("p"), "polled every interval despite hanging each time");
        assertEquals(Status.UNKNOWN, status("p"));
        assertTrue(error("p").contains("no result from driver pjlink within 5500 ms"), error("p"));
        assertTrue(hang.calls.subList(0, 6).stream().allMatch(c -> c.future().isCancelled()),
                "the collector cancels the future it gave up on, so the driver lets go of its socket");
        assertEquals(Duration.ofMillis(5000), hang.calls.get(0).deadline());
        assertEquals(1, collector.stats().checksInFlight(), "only the newest hanging check is in flight");
        List<FakeDriver.Call> q = ping.callsFor("q");
        assertEquals(6, q.size());
        for (int i = 1; i < q.size(); i++) {
            assertEquals(10_000, q.get(i).atMillis() - q.get(i - 1).atMillis(), "the healthy device misses no cycle");
        }
        assertEquals(Status.OK, status("q"));
    }

    @Test
    void throwingDriverIsContained() throws Exception {
        FakeDriver bad = new FakeDriver(clock, (d, dl) -> {
            throw new IllegalStateException("boom with password CHANGE-ME-secret");
        });
        register("pjlink", bad, 0, "1");
        Device d = new Device("thrower", null, "pjlink", "127.0.0.2", null, 10, true, DeviceSource.LOCAL,
                Map.of("password", "CHANGE-ME-secret"));
        collector.apply(config(List.of(d)));
        clock.advance(20_000);

        assertEquals(Status.UNKNOWN, status("thrower"));
        assertTrue(error("thrower").startsWith("driver pjlink threw java.lang.IllegalStateException"), error("thrower"));
        assertFalse(error("thrower").contains("CHANGE-ME-secret"), "a credential in a driver's message is masked");
        assertEquals(0, collector.stats().checksInFlight());
        assertEquals(3, collector.state("thrower").orElseThrow().checks(), "and it is tried again at each interval");
        List<String> log = java.nio.file.Files.readAllLines(
                java.nio.file.Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")));
        assertEquals(1, log.stream().filter(l -> l.contains("device thrower:")).count(), "logged once per episode");
        assertTrue(log.stream().noneMatch(l -> l.contains("CHANGE-ME-secret")), "no credential in the log");
    }

    @Test
    void nullAndFailedFuturesAreContained() {
        register("a", new FakeDriver(clock, (d, dl) -> null), 0, "1");
        register("b", new FakeDriver(clock, (d, dl) -> CompletableFuture.failedFuture(new RuntimeException("oops"))), 0, "1");
        register("c", new FakeDriver(clock, (d, dl) -> CompletableFuture.completedFuture(null)), 0, "1");
        collector.apply(config(List.of(device("da", "a", "127.0.0.2", 10), device("db", "b", "127.0.0.3", 10),
                device("dc", "c", "127.0.0.4", 10))));
        clock.advance(10_000);

        assertEquals("driver a returned no result", error("da"));
        assertEquals("driver b failed: java.lang.RuntimeException: oops", error("db"));
        assertEquals("driver c completed with no result", error("dc"));
        for (String id : List.of("da", "db", "dc")) {
            assertEquals(Status.UNKNOWN, status(id));
        }
        assertEquals(0, collector.stats().checksInFlight());
    }

    @Test
    void lateAnswerAfterTheDeadlineIsIgnored() {
        FakeDriver hang = FakeDriver.hanging(clock);
        register("x", hang, 0, "1");
        collector.apply(config(List.of(device("d", "x", "127.0.0.2", 30))));
        clock.advance(6_000);
        assertEquals(Status.UNKNOWN, status("d"));
        hang.calls.get(0).future().complete(CheckResult.builder(Instant.ofEpochMilli(T0)).build());
        clock.runPending();
        assertEquals(Status.UNKNOWN, status("d"), "the collector's verdict stands");
        assertEquals(1, collector.state("d").orElseThrow().checks());
    }

    @Test
    void neverTwoChecksOfOneDeviceInFlight() {
        FakeDriver hang = FakeDriver.hanging(clock);
        register("pjlink", hang, 0, "1");
        collector.apply(config(List.of(device("p", "pjlink", "127.0.0.2", 60))));
        clock.runPending();
        assertEquals(1, hang.count("p"));
        collector.checkNow("pjlink", "127.0.0.2");
        collector.checkNow("pjlink", "127.0.0.2");
        clock.advance(1000);
        assertEquals(1, hang.count("p"), "a trigger while a check runs does not start a second one");
        clock.advance(5000);
        collector.checkNow("pjlink", "127.0.0.2");
        clock.runPending();
        assertEquals(2, hang.count("p"), "once the first ended, a trigger starts a check at once");
    }

    @Test
    void checkNowTouchesOnlyMatchingDevices() {
        FakeDriver pj = FakeDriver.ok(clock);
        register("pjlink", pj, 0, "1");
        collector.apply(config(List.of(device("a", "pjlink", "127.0.0.2", 60), device("b", "pjlink", "127.0.0.3", 60))));
        clock.advance(59_000);
        int a = pj.count("a");
        int b = pj.count("b");
        collector.checkNow("pjlink", "127.0.0.3");
        collector.checkNow("snmp", "127.0.0.2");
        clock.runPending();
        assertEquals(a, pj.count("a"));
        assertEquals(b + 1, pj.count("b"));
    }

    @Test
    void inFlightCapSkipsCycles() {
        Collector capped = new Collector(clock, drivers, publisher, new Collector.Settings(2, 50_000, 1440, 1 << 20),
                new MaintenanceBook(null, java.time.Instant.EPOCH), new TrendStore());
        FakeDriver hang = FakeDriver.hanging(clock);
        register("x", hang, 0, "1");
        capped.apply(config(List.of(device("a", "x", "127.0.0.2", 60), device("b", "x", "127.0.0.3", 60),
                device("c", "x", "127.0.0.4", 60))));
        clock.advance(59_000);
        assertEquals(2, hang.calls.size(), "the third check waits for a free slot");
        capped.close();
    }

    // ---------------------------------------------------------------- configuration changes

    @Test
    void configChangeReschedulesOnlyTheChangedDevices() {
        FakeDriver ping = FakeDriver.ok(clock);
        register("ping", ping, 0, "1");
        Device a = device("a", "ping", "127.0.0.2", 10);
        Device b = device("b", "ping", "127.0.0.3", 10);
        Device c = device("c", "ping", "127.0.0.4", 10);
        collector.apply(config(List.of(a, b, c)));
        clock.advance(30_000);
        long lastA = ping.callsFor("a").get(ping.count("a") - 1).atMillis();
        int removedCount = ping.count("c");

        Device b2 = device("b", "ping", "127.0.0.9", 10);
        Device renamedA = new Device("a", "Projector A", "ping", "127.0.0.2", null, 10, true, DeviceSource.LOCAL, Map.of());
        Device added = device("n", "ping", "127.0.0.5", 10);
        collector.apply(config(List.of(renamedA, b2, added)));
        clock.advance(30_000);

        List<FakeDriver.Call> aCalls = ping.callsFor("a");
        for (int i = 1; i < aCalls.size(); i++) {
            assertEquals(10_000, aCalls.get(i).atMillis() - aCalls.get(i - 1).atMillis(), "a keeps its schedule");
        }
        assertTrue(aCalls.get(aCalls.size() - 1).atMillis() > lastA);
        assertEquals("Projector A", collector.state("a").orElseThrow().device().name(), "the new name is shown at once");
        assertEquals(removedCount, ping.count("c"), "a removed device is no longer polled");
        assertTrue(collector.state("c").isEmpty());
        assertTrue(ping.callsFor("b").stream().anyMatch(call -> call.host().equals("127.0.0.9")), "b polled at its new host");
        assertEquals(3, ping.count("n"), "the added device is polled every interval");
        assertEquals(List.of("a", "b", "n"), collector.states().stream().map(s -> s.device().id()).toList(),
                "states in configuration order");
        assertEquals(3, collector.stats().devicesMonitored());
    }

    @Test
    void driverSeesDefaultsAndADefaultsChangeReschedulesOnlyThatType() {
        List<Device> seenBySnmp = new ArrayList<>();
        FakeDriver snmp = new FakeDriver(clock, (d, dl) -> {
            seenBySnmp.add(d);
            return CompletableFuture.completedFuture(CheckResult.builder(Instant.ofEpochMilli(clock.nowMillis())).build());
        });
        FakeDriver ping = FakeDriver.ok(clock);
        register("snmp", snmp, 0, "1");
        register("ping", ping, 0, "1");
        SiteSettings site = new SiteSettings("test", Secret.empty(), "", 60, 300, 60, 300);
        List<Device> devices = List.of(device("s", "snmp", "127.0.0.2", null), device("p", "ping", "127.0.0.3", 10));
        collector.apply(new SiteConfig(site, devices, Map.of("snmp", Map.of("retries", 0)), Map.of()));
        clock.advance(30_000);
        assertEquals(0, seenBySnmp.get(0).settings().get("retries"));
        assertEquals(60, seenBySnmp.get(0).intervalS());

        collector.apply(new SiteConfig(site, devices, Map.of("snmp", Map.of("retries", 2)), Map.of()));
        clock.advance(60_000);
        assertEquals(2, seenBySnmp.get(seenBySnmp.size() - 1).settings().get("retries"));
        long first = ping.calls.get(0).atMillis();
        assertTrue(ping.calls.stream().allMatch(c -> (c.atMillis() - first) % 10_000 == 0), "ping keeps its phase");
        assertEquals(9, ping.calls.size(), "phase 6.18 s: at 6.18, 16.18 ... 86.18 s");
    }

    @Test
    void editKeepsHistoryAndDropsTheOldCheck() {
        FakeDriver hang = FakeDriver.hanging(clock);
        register("x", hang, 0, "1");
        collector.apply(config(List.of(device("d", "x", "127.0.0.2", 60))));
        clock.advance(10_000);
        assertEquals(1, collector.history("d").size());
        clock.advance(50_000);
        CompletableFuture<CheckResult> inFlight = hang.calls.get(1).future();
        collector.apply(config(List.of(device("d", "x", "127.0.0.7", 60))));
        assertTrue(inFlight.isCancelled(), "the check of the old definition is cancelled");
        assertEquals(0, collector.stats().checksInFlight());
        assertEquals(1, collector.history("d").size(), "history survives an edit");
    }

    @Test
    void disabledDeviceIsListedButNotPolled() {
        FakeDriver ping = FakeDriver.ok(clock);
        register("ping", ping, 0, "1");
        Device off = new Device("off", null, "ping", "127.0.0.2", null, 10, false, DeviceSource.LOCAL, Map.of());
        collector.apply(config(List.of(off)));
        clock.advance(60_000);
        assertEquals(0, ping.calls.size());
        assertEquals(1, collector.states().size());
        assertEquals(0, collector.stats().devicesMonitored());
    }

    // ---------------------------------------------------------------- drivers coming and going

    @Test
    void missingDriverThenAppearingDriverThenLeavingDriver() {
        collector.apply(config(List.of(device("p", "pjlink", "127.0.0.2", 60))));
        clock.runPending();
        assertEquals(Status.UNKNOWN, status("p"));
        assertEquals("no driver for type pjlink", error("p"));
        assertEquals(0, collector.stats().checksTotal(), "a missing driver is not a check");

        clock.advance(5_000);
        FakeDriver pj = FakeDriver.ok(clock);
        long id = register("pjlink", pj, 0, "1.0.0");
        clock.runPending();
        assertEquals(1, pj.count("p"), "polled as soon as its driver appears, not at the next interval");
        assertEquals(Status.OK, status("p"));
        assertEquals(java.util.Set.of("pjlink"), collector.driverTypes());

        drivers.remove(id);
        clock.advance(Collector.DRIVER_GONE_GRACE_MS);
        assertEquals(Status.UNKNOWN, status("p"), "its devices go back to unknown");
        assertEquals("no driver for type pjlink", error("p"));
        assertTrue(collector.driverTypes().isEmpty());
    }

    @Test
    void updatedDriverTakesOverAtTheNextPollWithoutAnUnknownBlip() {
        List<Status> seen = new ArrayList<>();
        publisher.add((device, result, previous) -> seen.add(result.status()));
        FakeDriver v1 = FakeDriver.ok(clock);
        long id1 = register("pjlink", v1, 0, "1.0.0");
        collector.apply(config(List.of(device("p", "pjlink", "127.0.0.2", 10))));
        clock.advance(5_000);
        assertEquals("1.0.0", collector.state("p").orElseThrow().latest().metrics().get("driver_version"));

        // a bundle update: the old service goes, the new one comes at once
        drivers.remove(id1);
        FakeDriver v2 = FakeDriver.ok(clock);
        register("pjlink", v2, 0, "1.1.0");
        clock.advance(10_000);
        assertEquals(1, v2.count("p"));
        assertEquals("1.1.0", collector.state("p").orElseThrow().latest().metrics().get("driver_version"));
        assertTrue(seen.stream().allMatch(s -> s == Status.OK), "no unknown between the two versions: " + seen);
    }

    @Test
    void highestRankingThenNewestDriverServesAType() {
        FakeDriver low = FakeDriver.ok(clock);
        FakeDriver high = FakeDriver.ok(clock);
        FakeDriver newer = FakeDriver.ok(clock);
        register("snmp", high, 10, "1.0.0");
        register("snmp", low, 0, "9.0.0");
        collector.apply(config(List.of(device("s", "snmp", "127.0.0.2", 10))));
        clock.runPending();
        assertEquals(1, high.calls.size());
        long newerId = register("snmp", newer, 10, "1.0.0");
        clock.advance(10_000);
        assertEquals(1, newer.calls.size(), "same ranking and version: the newest service wins");
        assertEquals(0, low.calls.size(), "a higher version does not beat a higher ranking");
        drivers.remove(newerId);
        clock.advance(10_000);
        assertEquals(2, high.calls.size());

        FakeDriver older = FakeDriver.ok(clock);
        register("snmp", older, 10, "0.9.0");
        clock.advance(10_000);
        assertEquals(0, older.calls.size(), "same ranking: an older bundle version does not take over");
        assertEquals(3, high.calls.size());
    }

    @Test
    void theDriverIsToldToForgetARemovedOrRedefinedDevice() {
        FakeDriver snmp = FakeDriver.ok(clock);
        register("snmp", snmp, 0, "1.0.0");
        Device s1 = device("s1", "snmp", "127.0.0.2", 10);
        Device s2 = device("s2", "snmp", "127.0.0.3", 10);
        collector.apply(config(List.of(s1, s2)));
        clock.advance(10_000);
        assertEquals(List.of(), snmp.forgotten, "nothing changed yet");

        collector.apply(config(List.of(s1.withSettings(Map.of("snmp", Map.of("community", "other"))), s2)));
        clock.runPending();
        assertEquals(List.of("s1"), snmp.forgotten, "new settings: what was remembered may be wrong");

        collector.apply(config(List.of(s1.withSettings(Map.of("snmp", Map.of("community", "other"))))));
        clock.runPending();
        assertEquals(List.of("s1", "s2"), snmp.forgotten, "removed");
    }

    // ---------------------------------------------------------------- listeners, history, stats, checkOnce

    @Test
    void throwingListenerDoesNotHurtTheOthers() {
        List<String> got = new ArrayList<>();
        ResultListener bad = (device, result, previous) -> {
            throw new IllegalStateException("listener bug");
        };
        publisher.add(bad);
        publisher.add((device, result, previous) -> got.add(device.id() + ":" + result.status().wireName()
                + ":" + (previous == null ? "-" : previous.status().wireName())));
        register("ping", FakeDriver.ok(clock), 0, "1");
        collector.apply(config(List.of(device("a", "ping", "127.0.0.2", 10))));
        clock.advance(10_000);
        assertEquals(List.of("a:ok:-", "a:ok:ok"), got);
    }

    @Test
    void statusSinceMovesOnlyOnAChange() {
        boolean[] up = {true};
        registerUpOrDown(up);
        collector.apply(config(List.of(device("d", "x", "127.0.0.2", 10))));
        clock.advance(20_000);
        assertEquals(Instant.ofEpochMilli(T0), collector.state("d").orElseThrow().statusSince());
        up[0] = false;
        clock.advance(20_000);
        DeviceState st = collector.state("d").orElseThrow();
        assertEquals(Status.KO, st.status());
        assertEquals(Instant.ofEpochMilli(T0 + 30_000), st.statusSince());
        assertEquals(5, st.checks());
        assertEquals(2, st.failures());
        CollectorStats stats = collector.stats();
        assertEquals(5, stats.checksTotal());
        assertEquals(2, stats.checksFailed());
        assertEquals(1, stats.devicesByStatus().get(Status.KO));
        assertEquals(0, stats.devicesByStatus().get(Status.OK));
        List<org.avmonitoring.agent.api.monitor.HistoryPoint> h = collector.history("d");
        assertEquals(1, h.size(), "24 h at 10 s would need 8640 points, more than the 1440 allowed: 1 min slots");
        assertEquals(Status.KO, h.get(0).status(), "a slot keeps the worst status of its checks");
        assertEquals(1.0, h.get(0).latencyMs(), "and the highest latency that was measured");
        assertEquals(Instant.ofEpochMilli(T0), h.get(0).at());
    }

    @Test
    void listenersGetTheConfirmedStateAndAnApiMaintenanceWindowShowsAtOnce() {
        boolean[] up = {true};
        registerUpOrDown(up);
        List<Assessment> seen = new ArrayList<>();
        publisher.add(new ResultListener() {
            @Override
            public void resultRecorded(Device device, CheckResult result, CheckResult previous) {
                throw new AssertionError("the collector calls recorded");
            }

            @Override
            public void recorded(Device device, Recorded now, Recorded previous) {
                seen.add(now.assessment());
            }
        });
        Map<String, Object> site = Map.of("confirm_ko_after", 3);
        collector.apply(new SiteConfig(config(List.of()).settings(), List.of(device("d", "x", "127.0.0.2", 10)),
                Map.of(), site));
        clock.advance(5_000);
        up[0] = false;
        clock.advance(20_000);
        assertEquals(List.of(Status.OK, Status.OK, Status.OK), seen.stream().map(Assessment::state).toList());
        assertEquals(List.of(0, 1, 2), seen.stream().map(Assessment::unconfirmedFailures).toList());
        clock.advance(10_000);
        assertEquals(Status.KO, seen.get(3).state(), "the third ko in a row confirms");
        assertEquals(Status.KO, collector.state("d").orElseThrow().assessment().state());

        Maintenance m = collector.startMaintenance("d", 30, "lamp").orElseThrow();
        assertEquals(Instant.ofEpochMilli(clock.nowMillis()).plusSeconds(1800), m.until());
        assertEquals(m, collector.state("d").orElseThrow().assessment().maintenance(), "at once, before a check");
        clock.advance(10_000);
        assertTrue(seen.get(seen.size() - 1).inMaintenance());
        assertTrue(collector.startMaintenance("nope", 30, "").isEmpty());
        assertTrue(collector.endMaintenance("d"));
        assertNull(collector.state("d").orElseThrow().assessment().maintenance());
    }

    @Test
    void trendMetricsAreKeptAndResultsGainTheForecastDate() {
        FakeDriver lamp = new FakeDriver(clock, (d, dl) -> {
            long ms = clock.nowMillis();
            return CompletableFuture.completedFuture(CheckResult.builder(Instant.ofEpochMilli(ms)).latencyMs(1)
                    .metric("lamp_1_hours", 1000 + (ms - T0) / 3_600_000.0).build()); // 24 h a day
        });
        lamp.description = org.avmonitoring.agent.api.driver.DriverDescription.builder("Lamp")
                .metric(org.avmonitoring.agent.api.driver.MetricDescription.number("lamp_{n}_hours").asTrend())
                .build();
        register("x", lamp, 0, "1");
        Device d = new Device("p", null, "x", "127.0.0.2", null, 3600, true, DeviceSource.LOCAL,
                Map.of("lamp_hours_warning", 2000));
        collector.apply(new SiteConfig(config(List.of()).settings(), List.of(d), Map.of(), Map.of("timezone", "UTC")));
        clock.advance(3 * 86_400_000L);
        List<org.avmonitoring.agent.api.monitor.Forecast> f = collector.forecasts("p");
        assertEquals(1, f.size());
        assertEquals(24.0, f.get(0).ratePerDay(), 0.01);
        assertEquals(f.get(0).date().toString(), collector.state("p").orElseThrow().latest().metrics()
                .get("forecast_lamp_1_hours_date"));
        assertTrue(collector.trend("p", "lamp_1_hours").size() >= 24, "one point per 3 h over 3 days");
    }

    @Test
    void checkOnceIsNotRecorded() throws Exception {
        FakeDriver ping = FakeDriver.ok(clock);
        register("ping", ping, 0, "2.0.0");
        collector.apply(config(List.of()));
        CompletableFuture<CheckResult> r = collector.checkOnce(device("new", "ping", "127.0.0.2", null));
        clock.runPending();
        assertTrue(r.isDone());
        assertEquals(Status.OK, r.get().status());
        assertEquals("2.0.0", r.get().metrics().get("driver_version"));
        assertTrue(collector.states().isEmpty());
        assertEquals(0, collector.stats().checksTotal());
        assertEquals(List.of("new"), ping.forgotten, "a device tested before it is saved leaves nothing behind");

        CheckResult none = collector.checkOnce(device("new", "snmp", "127.0.0.2", null)).get();
        assertEquals("no driver for type snmp", none.error());

        register("hang", FakeDriver.hanging(clock), 0, "1");
        CompletableFuture<CheckResult> hung = collector.checkOnce(device("h", "hang", "127.0.0.2", null));
        clock.advance(5_499);
        assertFalse(hung.isDone());
        clock.advance(1);
        assertNotNull(hung.getNow(null));
        assertEquals(Status.UNKNOWN, hung.get().status());
    }

    @Test
    void historyMemoryStaysWithinTheBudgetAtTenThousandDevices() {
        FakeDriver ping = FakeDriver.ok(clock);
        register("ping", ping, 0, "1");
        collector.apply(config(pingDevices(10_000, 15)));
        assertTrue(collector.historyBytes() <= 16L * 1024 * 1024, "history reserved: " + collector.historyBytes());
        clock.advance(15 * 60_000 - 1);
        List<org.avmonitoring.agent.api.monitor.HistoryPoint> h = collector.history("d0");
        assertEquals(3, h.size(), "5 min slots at this scale (16 MB): 20 checks merged in each point");
        assertTrue(clock.pendingTimers() <= 10_000 + 10, "one timer per device: " + clock.pendingTimers());
    }
}
