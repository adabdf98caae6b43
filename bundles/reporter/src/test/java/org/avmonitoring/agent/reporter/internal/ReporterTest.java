package org.avmonitoring.agent.reporter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.backend.BackendLinkStatus.State;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.api.http.BackendHttp;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.avmonitoring.agent.backendhttp.internal.HttpSettings;
import org.avmonitoring.agent.backendhttp.internal.JdkBackendHttp;
import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.avmonitoring.agent.testing.backend.Ingest;
import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.testing.support.TestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


/** The reporter against the backend simulator on 127.0.0.1, in every fault mode. */
class ReporterTest {
    static final String TOKEN = "tok-9f8e7d6c5b4a-CHANGE-ME";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    BackendSimulator sim;
    final List<Reporter> reporters = new ArrayList<>();
    int seq;

    @BeforeEach
    void startSimulator() throws IOException {
        sim = BackendSimulator.start();
    }

    @AfterEach
    void stop() {
        reporters.forEach(Reporter::close);
        sim.close();
    }

    @AfterAll
    static void tokenNeverLogged() {
        TestLog.assertNeverLogged("backend link:", TOKEN);
    }

    static ReporterOptions options(long capBytes) {
        return new ReporterOptions(capBytes, Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofMillis(300), Duration.ofMillis(100), 5000);
    }

    /** The real backend client, direct, with this request timeout. */
    static BackendHttp http(Duration requestTimeout) {
        return new JdkBackendHttp(new HttpSettings("", "", Duration.ofSeconds(2), requestTimeout));
    }

    Reporter reporter(ReporterOptions options, BackendHttp http, ReporterClock clock, SiteConfig config)
            throws IOException {
        Reporter r = new Reporter(options, new OutboxStore(dataDir.resolve("outbox"), options.outboxCapBytes()), http,
                clock, new BatchAssembler.Identity("1.2.3-test", "test-host", () -> 12.5));
        r.configure(config);
        r.start();
        reporters.add(r);
        return r;
    }

    Reporter reporter(ReporterOptions options, SiteConfig config) throws IOException {
        return reporter(options, http(Duration.ofSeconds(5)), ReporterClock.system(), config);
    }

    Reporter reporter() throws IOException {
        return reporter(options(200L << 20), config(sim.url(), 3600, 3600));
    }

    static SiteConfig config(String url, int okS, int koS) {
        return new SiteConfig(new SiteSettings("Test site", Secret.of(TOKEN), url, 60, okS, koS, 300),
                List.of(device(0), device(1), device(2)), null, null);
    }

    static Device device(int i) {
        return new Device("dev-" + i, null, "ping", "127.0.0." + (i + 1), null, null, true, DeviceSource.LOCAL, Map.of());
    }

    /** A result carrying a sequence number, so the order of delivery can be checked. */
    CheckResult result(Status status) {
        return new CheckResult(status, Instant.now(), 1.5, Map.of("seq", seq++), status == Status.OK ? null : "down");
    }

    void feed(Reporter r, int n) {
        for (int i = 0; i < n; i++) {
            feedResult(r, device(i % 3), result(Status.OK), null);
        }
    }

    static List<Integer> deliveredSeqs(List<Ingest> stored) {
        List<Integer> out = new ArrayList<>();
        for (Ingest i : stored) {
            for (Map<String, Object> r : i.results()) {
                out.add((Integer) Ingest.valueAt(r, "metrics", "seq"));
            }
        }
        return out;
    }

    static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void sendsGzipJsonWithTheTokenHeaderAndEveryDocumentedField() throws IOException {
        Reporter r = reporter();
        feedResult(r, device(0), new CheckResult(Status.KO, Instant.parse("2026-11-24T08:00:00Z"), null,
                Map.of("power", "off", "lamp", Map.of("hours", 1200)), "no answer"), null);
        r.sealNow();
        Await.until(WAIT, () -> sim.stored().size() == 1, "one batch stored");
        Ingest in = sim.stored().get(0);
        assertEquals(TOKEN, in.header("X-Site-Token"));
        assertEquals("gzip", in.header("Content-Encoding"));
        assertEquals("application/json", in.header("Content-Type"));
        assertEquals(1, in.at("payload_version"));
        assertFalse(((String) in.at("batch_id")).isEmpty());
        assertEquals("Test site", in.at("site_name"));
        assertEquals("1.2.3-test", in.at("agent", "version"));
        assertEquals("test-host", in.at("agent", "host_name"));
        Instant created = Instant.parse((String) in.at("created_at"));
        assertFalse(Instant.parse((String) in.at("sent_at")).isBefore(created));
        assertEquals(3, in.at("health", "devices_total"));
        assertEquals(12.5, in.at("health", "last_collection_ms"));
        assertEquals(1, in.at("health", "batches_buffered"));
        assertEquals(0, in.at("health", "batches_dropped"));
        Map<String, Object> res = in.results().get(0);
        assertEquals("dev-0", res.get("device_id"));
        assertEquals("ping", res.get("type"));
        assertEquals("ko", res.get("status"));
        assertEquals("2026-11-24T08:00:00Z", res.get("checked_at"));
        assertTrue(res.containsKey("latency_ms"));
        assertNull(res.get("latency_ms"));
        assertEquals(1200, Ingest.valueAt(res, "metrics", "lamp", "hours"));
        assertEquals("no answer", res.get("error"));
        Await.until(WAIT, () -> r.status().state() == State.CONNECTED, "connected");
        assertNotNull(r.status().lastSuccess());
        assertEquals(0, r.status().batchesBuffered());
    }

    @Test
    void aStatusChangeIsSentWithinSecondsNotAtTheNextTick() throws IOException {
        Reporter r = reporter();
        feedResult(r, device(0), result(Status.OK), null);
        feedResult(r, device(0), result(Status.KO), result(Status.OK));
        Await.until(Duration.ofSeconds(5), () -> sim.stored().size() == 1, "the change reported (intervals are 1 h)");
        assertEquals("ko", sim.stored().get(0).at("results", 1, "status"));
    }

    @Test
    void whileADeviceIsKoTheKoIntervalApplies() throws IOException {
        Reporter r = reporter(options(200L << 20), config(sim.url(), 3600, 1));
        feedResult(r, device(1), result(Status.KO), null);
        Await.until(Duration.ofSeconds(8), () -> sim.stored().size() >= 2, "two reports at the 1 s ko interval");
        assertEquals(1, sim.stored().get(0).resultCount());
        assertEquals(0, sim.stored().get(1).resultCount(), "the second is a heartbeat");
    }

    @Test
    void whileAllIsOkTheOkIntervalApplies() throws IOException, InterruptedException {
        Reporter r = reporter(options(200L << 20), config(sim.url(), 2, 3600));
        feed(r, 3);
        Await.until(Duration.ofSeconds(8), () -> sim.stored().size() >= 1, "a report at the 2 s ok interval");
        assertEquals(3, sim.stored().get(0).resultCount());
        Await.until(WAIT, () -> r.status().batchesBuffered() == 0, "outbox emptied");
    }

    @Test
    void http500IsRetriedWithBackoffAndTheBatchKept() throws IOException {
        sim.failWith(500);
        Reporter r = reporter();
        feed(r, 5);
        r.sealNow();
        Await.until(WAIT, () -> sim.ingests().size() >= 3, "three attempts");
        assertEquals(State.DISCONNECTED, r.status().state());
        assertTrue(r.status().lastError().contains("HTTP 500"), r.status().lastError());
        assertEquals(1, r.status().batchesBuffered());
        assertTrue(r.status().bytesBuffered() > 0);
        sim.heal();
        Await.until(WAIT, () -> sim.stored().size() == 1, "delivered after the backend healed");
        assertEquals(range(5), deliveredSeqs(sim.stored()));
        Await.until(WAIT, () -> r.status().state() == State.CONNECTED && r.status().lastError() == null, "connected");
    }

    @Test
    void refusedConnectionsAreRetriedAndEverythingArrivesInOrder() throws IOException {
        sim.refuseConnections(true);
        Reporter r = reporter();
        feed(r, 4);
        r.sealNow();
        feed(r, 4);
        r.sealNow();
        Await.until(WAIT, () -> r.status().lastError() != null && r.status().lastError().contains("unreachable"),
                "unreachable reported");
        assertEquals(State.DISCONNECTED, r.status().state());
        sim.refuseConnections(false);
        Await.until(WAIT, () -> sim.stored().size() == 2, "both batches delivered");
        assertEquals(range(8), deliveredSeqs(sim.stored()));
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 429})
    void retryAfterIsHonoured(int status) throws IOException {
        sim.failWith(status, 2);
        Reporter r = reporter();
        feed(r, 1);
        r.sealNow();
        Await.until(WAIT, () -> !sim.ingests().isEmpty(), "a first attempt");
        Instant refused = sim.ingests().get(0).receivedAt();
        sim.heal();
        Await.until(WAIT, () -> sim.stored().size() == 1, "delivered after Retry-After");
        Duration waited = Duration.between(refused, sim.stored().get(0).receivedAt());
        // the backoff alone would have retried within 200 ms
        assertTrue(waited.toMillis() >= 1900, "retried after " + waited.toMillis() + " ms, Retry-After was 2 s");
        assertEquals(1, sim.ingests().size() - 1, "exactly one attempt during the Retry-After");
    }

    @Test
    void aSlowBackendTimesOutThenEachBatchIsStoredOnce() throws IOException {
        sim.slow(Duration.ofMillis(1500));
        Reporter r = reporter(options(200L << 20), http(Duration.ofMillis(500)), ReporterClock.system(),
                config(sim.url(), 3600, 3600));
        feed(r, 3);
        r.sealNow();
        Await.until(WAIT, () -> r.status().lastError() != null && r.status().lastError().contains("timed out"),
                "a timeout reported: " + r.status().lastError());
        sim.slow(Duration.ZERO);
        Await.until(WAIT, () -> r.status().batchesBuffered() == 0, "outbox emptied");
        Await.until(WAIT, () -> sim.stored().size() == 1, "stored by the backend");
        assertEquals(range(3), deliveredSeqs(sim.stored()));
    }

    @Test
    void aFlakyBackendLosesNothingAndKeepsTheOrder() throws IOException {
        sim.flaky(0.5, 42);
        Reporter r = reporter();
        for (int b = 0; b < 10; b++) {
            feed(r, 3);
            r.sealNow();
        }
        Await.until(WAIT, () -> sim.stored().size() == 10, "ten batches stored");
        assertTrue(sim.ingests().stream().anyMatch(i -> i.status() == 500), "some attempts failed");
        assertEquals(range(30), deliveredSeqs(sim.stored()));
        assertEquals(10, new HashSet<>(sim.stored().stream().map(Ingest::batchId).toList()).size());
    }

    @Test
    void aRefusedTokenIsUnauthorizedKeepsTheBatchesAndIsRetriedSlowly() throws IOException {
        sim.acceptTokens("another-site-token");
        Reporter r = reporter();
        feed(r, 2);
        r.sealNow();
        Await.until(WAIT, () -> r.status().state() == State.UNAUTHORIZED, "unauthorized");
        assertEquals(1, r.status().batchesBuffered());
        assertTrue(r.status().lastError().contains("401"), r.status().lastError());
        assertTrue(TestLog.contains("the backend refused the site token (HTTP 401"));
        sim.acceptTokens(TOKEN);
        Await.until(WAIT, () -> sim.stored().size() == 1, "delivered once the token is accepted");
        assertEquals(range(2), deliveredSeqs(sim.stored()));
    }

    @Test
    void a403IsUnauthorizedToo() throws IOException {
        sim.failWith(403);
        Reporter r = reporter();
        r.sealNow();
        Await.until(WAIT, () -> r.status().state() == State.UNAUTHORIZED, "unauthorized");
        sim.heal();
        Await.until(WAIT, () -> r.status().state() == State.CONNECTED, "connected again");
    }

    @Test
    void a413SplitsTheBatchUntilEveryPartFits() throws IOException {
        Reporter r = reporter();
        for (int i = 0; i < 40; i++) {
            // random text barely compresses, so the size on the wire follows the number of results
            byte[] noise = new byte[300];
            ThreadLocalRandom.current().nextBytes(noise);
            feedResult(r, device(i % 3), new CheckResult(Status.OK, Instant.now(), 1.0,
                    Map.of("seq", seq++, "noise", java.util.Base64.getEncoder().encodeToString(noise)), null), null);
        }
        sim.rejectAbove(4_000);
        r.sealNow();
        Await.until(WAIT, () -> sim.storedResultCount() == 40, "all 40 results stored in parts");
        assertTrue(sim.ingests().stream().anyMatch(i -> i.status() == 413), "the backend refused the whole batch");
        assertTrue(sim.stored().size() >= 4, "split into " + sim.stored().size() + " parts");
        assertEquals(range(40), deliveredSeqs(sim.stored()));
        String first = sim.stored().get(0).batchId();
        assertTrue(first.matches("[0-9a-f-]{36}(-[12])+"), first);
        Await.until(WAIT, () -> r.status().batchesBuffered() == 0, "outbox emptied");
    }

    @Test
    void anOutageOfManyCyclesThenRecoveryDeliversEverythingInOrderOnce() throws IOException {
        sim.refuseConnections(true);
        Reporter r = reporter();
        Set<String> expectedIds = new HashSet<>();
        for (int cycle = 0; cycle < 30; cycle++) {
            feed(r, 10);
            r.sealNow();
        }
        assertEquals(30, r.status().batchesBuffered());
        // an attempt counts the batches when its body is built, and its connect may land after the backend is back:
        // two attempts begun after the 30th batch was stored leave only bodies that count all 30 in flight
        Instant allStored = Instant.now();
        Await.until(WAIT, () -> attemptedAfter(r, allStored), "an attempt after the last batch");
        Instant next = r.status().lastAttempt();
        Await.until(WAIT, () -> attemptedAfter(r, next), "and the one after it");
        sim.refuseConnections(false);
        Await.until(WAIT, () -> r.status().batchesBuffered() == 0, "outbox emptied");
        List<Ingest> stored = sim.stored();
        assertEquals(30, stored.size());
        stored.forEach(i -> expectedIds.add(i.batchId()));
        assertEquals(30, expectedIds.size(), "each batch_id once");
        assertTrue(sim.ingests().stream().noneMatch(Ingest::duplicate), "no batch sent twice");
        assertEquals(range(300), deliveredSeqs(stored));
        assertEquals(30, stored.get(0).at("health", "batches_buffered"),
                "the first replayed batch says how many wait");
    }

    @Test
    void resultsWaitingForTheNextBatchAreNotHeldInMemory() throws IOException {
        Reporter r = reporter(); // cadence 1 h: nothing is sealed by itself during this test
        int first = seq;
        CheckResult result = result(Status.OK);
        WeakReference<CheckResult> held = new WeakReference<>(result);
        feedResult(r, device(0), result, null);
        result = null; // only the reporter may hold it now
        // compressed into the open batch at the next tick, the result object itself is garbage
        Await.until(WAIT, () -> {
            System.gc();
            return held.get() == null;
        }, "the recorded result collected before the batch is sealed");
        r.sealNow();
        Await.until(WAIT, () -> sim.stored().size() == 1, "the batch sent");
        assertEquals(List.of(first), deliveredSeqs(sim.stored()));
    }

    @Test
    void aBatchIsSealedWhenItReachesItsSizeAndTheRestFollowsInOrder() throws IOException {
        ReporterOptions o = options(200L << 20);
        Reporter r = reporter(new ReporterOptions(o.outboxCapBytes(), o.backoffMin(), o.backoffMax(),
                o.unauthorizedRetry(), o.statusChangeDelay(), 10), config(sim.url(), 3600, 3600));
        feed(r, 25);
        Await.until(WAIT, () -> sim.stored().size() == 2, "two full batches sent without waiting for the cadence");
        r.sealNow();
        Await.until(WAIT, () -> sim.stored().size() == 3, "the rest sent");
        feed(r, 10);
        r.sealNow(); // the ten fill a batch: sealing now must not add an empty one behind it
        feed(r, 1);
        r.sealNow();
        Await.until(WAIT, () -> sim.stored().size() >= 5, "the next two sent");
        assertEquals(List.of(10, 10, 5, 10, 1), sim.stored().stream().map(i -> i.results().size()).toList());
        assertEquals(range(36), deliveredSeqs(sim.stored()));
    }

    @Test
    void batchesTheDiskRefusesWaitInMemoryAndAreStoredInOrderWhenItTakesThemAgain() throws IOException {
        Reporter r = reporter();
        Path outbox = dataDir.resolve("outbox");
        Files.delete(outbox);
        Files.createFile(outbox); // a file where the folder was: every write fails
        feed(r, 3);
        r.sealNow();
        feed(r, 2);
        r.sealNow();
        assertTrue(sim.stored().isEmpty());
        Files.delete(outbox);
        Files.createDirectory(outbox);
        r.sealNow();
        Await.until(WAIT, () -> deliveredSeqs(sim.stored()).size() == 5, "both refused batches sent");
        assertEquals(range(5), deliveredSeqs(sim.stored()));
        assertEquals(List.of(3, 2), sim.stored().stream().map(i -> i.results().size()).toList(),
                "no heartbeat slipped in behind them, nothing merged");
    }

    @Test
    void batchesOnDiskSurviveARestartAndPendingResultsAreStoredOnClose() throws IOException {
        sim.refuseConnections(true);
        Reporter first = reporter();
        feed(first, 3);
        first.sealNow();
        feed(first, 2);
        first.close();
        reporters.remove(first);
        sim.refuseConnections(false);
        reporter();
        Await.until(WAIT, () -> sim.stored().size() == 2, "both batches sent by the next run");
        assertEquals(range(5), deliveredSeqs(sim.stored()));
    }

    @Test
    void droppedBatchesAreCountedAndReportedOnceTheBackendAnswers() throws IOException {
        sim.refuseConnections(true);
        Reporter r = reporter(options(2_000), config(sim.url(), 3600, 3600));
        for (int b = 0; b < 12; b++) {
            feed(r, 3);
            r.sealNow();
        }
        long dropped = r.status().batchesDropped();
        assertTrue(dropped > 0, "the 2 kB cap dropped batches");
        assertTrue(r.status().bytesBuffered() <= 2_000);
        sim.refuseConnections(false);
        Await.until(WAIT, () -> r.status().batchesBuffered() == 0, "outbox emptied");
        List<Ingest> stored = sim.stored();
        assertEquals(12 - dropped, stored.size());
        // each drop is reported once: a send already under way when drops happen leaves them to the next payload
        assertEquals(dropped, stored.stream().mapToLong(i -> ((Number) i.at("health", "batches_dropped")).longValue()).sum());
        assertEquals(0, stored.get(stored.size() - 1).at("health", "batches_dropped"));
        List<Integer> seqs = deliveredSeqs(stored);
        // the oldest batch is kept while it is in flight; the next oldest are the ones dropped
        List<Integer> expected = new ArrayList<>(range(3));
        expected.addAll(range(36).subList(36 - (seqs.size() - 3), 36));
        assertEquals(expected, seqs, "the newest are kept, in order");
    }

    @Test
    void damagedFilesInTheOutboxAreSkippedAndTheRestIsSent() throws IOException {
        Path outbox = dataDir.resolve("outbox");
        OutboxStore store = new OutboxStore(outbox, 1 << 20);
        BatchCodec codec = new BatchCodec();
        BatchCodec.Seal seal = new BatchCodec.Seal("good-1", Instant.now(), "s", "v", "h", 1, null);
        store.append(codec.seal(seal, List.of(new BatchCodec.Entry("dev-0", "ping", result(Status.OK)))));
        String bad = store.append("not gzip at all".getBytes(StandardCharsets.UTF_8));
        store.append(codec.seal(new BatchCodec.Seal("good-2", Instant.now(), "s", "v", "h", 1, null), List.of()));
        Files.write(outbox.resolve("00000000000000000099.tmp"), new byte[] {1, 2, 3});
        reporter();
        Await.until(WAIT, () -> sim.stored().size() == 2, "the two good batches");
        assertEquals(List.of("good-1", "good-2"), sim.stored().stream().map(Ingest::batchId).toList());
        assertTrue(TestLog.contains("outbox: discarding batch " + bad + ": unreadable content"));
        assertTrue(TestLog.contains("discarding 00000000000000000099.tmp"));
    }

    @Test
    void aBatchWhoseResultsAreDamagedIsDiscardedWhenTheBackendRefusesItAsTooLargeOrInvalid() throws IOException {
        // the body copies the results without reading them: the damage is found on a 413 (split) or a 400
        OutboxStore store = new OutboxStore(dataDir.resolve("outbox"), 1 << 20);
        byte[] noise = new byte[3000];
        ThreadLocalRandom.current().nextBytes(noise);
        String damaged = "{\"batch_id\":\"%s\",\"created_at\":\"2026-11-24T10:00:00Z\",\"results\":[{\"device_id\":%s]}";
        String tooLarge = store.append(BatchCodecTest.gzip(damaged.formatted("too-large",
                java.util.Base64.getEncoder().encodeToString(noise))));
        store.append(BatchCodecTest.gzip(damaged.formatted("invalid", "")));
        store.append(new BatchCodec().seal(new BatchCodec.Seal("good", Instant.now(), "s", "v", "h", 1, null),
                List.of(new BatchCodec.Entry("dev-0", "ping", result(Status.OK)))));
        sim.rejectAbove(2_000);
        Reporter r = reporter();
        Await.until(WAIT, () -> sim.stored().size() == 1, "the good batch");
        assertEquals("good", sim.stored().get(0).batchId());
        assertTrue(TestLog.contains("outbox: discarding batch " + tooLarge + ": unreadable content"));
        assertTrue(TestLog.contains("the backend rejected batch invalid (unreadable results) as invalid"));
        assertEquals(1, r.status().batchesDropped(), "the invalid one is counted as dropped");
    }

    @Test
    void withoutABackendUrlNothingIsBufferedOrSent() throws IOException {
        ManualClock clock = new ManualClock();
        Reporter r = reporter(options(200L << 20), http(Duration.ofSeconds(5)), clock, config("", 1, 1));
        feed(r, 5);
        feedResult(r, device(0), result(Status.KO), result(Status.OK));
        // three report intervals and a status change delay: an enabled reporter stores batches here
        clock.advance(Duration.ofSeconds(3));
        assertEquals(1, clock.runs(), "the run at start, then none");
        assertNull(clock.planned(), "nothing planned while reporting is off");
        assertEquals(State.DISABLED, r.status().state());
        assertEquals(0, r.status().batchesBuffered());
        assertTrue(sim.ingests().isEmpty());
        r.configure(config(sim.url(), 3600, 3600));
        feed(r, 2);
        r.sealNow();
        Await.until(WAIT, () -> sim.stored().size() == 1, "sent once a URL is set");
        assertEquals(2, sim.stored().get(0).resultCount(), "only results seen since the URL was set");
    }

    @Test
    void theManualClockSealsAtTheCadenceWhenABackendIsSet() throws IOException {
        ManualClock clock = new ManualClock();
        sim.refuseConnections(true); // nothing leaves the outbox: it counts what was sealed
        Reporter r = reporter(options(200L << 20), http(Duration.ofSeconds(5)), clock, config(sim.url(), 1, 1));
        feed(r, 5);
        clock.advance(Duration.ofMillis(800));
        assertEquals(0, r.status().batchesBuffered(), "not sealed before the 1 s cadence");
        clock.advance(Duration.ofMillis(400));
        assertEquals(1, r.status().batchesBuffered(), "sealed at the cadence");
    }

    @Test
    void theKoCadenceAndTheEarlyReportFollowTheConfirmedStateAndIgnoreMaintenance() throws IOException {
        ManualClock clock = new ManualClock();
        sim.refuseConnections(true); // nothing leaves the outbox: it counts what was sealed
        Reporter r = reporter(options(200L << 20), http(Duration.ofSeconds(5)), clock, config(sim.url(), 3600, 1));
        Recorded ok = new Recorded(result(Status.OK), new Assessment(Status.OK, 0, null, null));
        r.resultRecorded(device(0), ok, null);
        r.resultRecorded(device(0), new Recorded(result(Status.KO), new Assessment(Status.OK, 1, null, null)), ok);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(0, r.status().batchesBuffered(), "an unconfirmed failure neither reports early nor speeds up");

        Maintenance works = new Maintenance(Instant.now().plusSeconds(3600), "lamp", Maintenance.API);
        Recorded inMaintenance = new Recorded(result(Status.KO), new Assessment(Status.KO, 0, null, works));
        r.resultRecorded(device(0), inMaintenance, ok);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(0, r.status().batchesBuffered(), "a confirmed ko under maintenance pages no one");

        r.resultRecorded(device(0), new Recorded(result(Status.KO), new Assessment(Status.KO, 0, null, null)), ok);
        clock.advance(Duration.ofSeconds(5));
        assertTrue(r.status().batchesBuffered() >= 2, "the confirmed change is reported and the ko cadence applies: "
                + r.status().batchesBuffered());
    }

    @Test
    void anUnusableBackendClientIsReportedAndTheBatchesKept() throws IOException {
        BackendHttp broken = new JdkBackendHttp(new HttpSettings(dataDir.resolve("missing-ca.pem").toString(), "",
                Duration.ofSeconds(2), Duration.ofSeconds(5)));
        Reporter r = reporter(options(200L << 20), broken, ReporterClock.system(), config(sim.url(), 3600, 3600));
        feed(r, 2);
        r.sealNow();
        assertTrue(r.status().lastError().contains("missing-ca.pem"), r.status().lastError());
        assertEquals(1, r.status().batchesBuffered(), "kept for when the configuration is fixed");
        assertTrue(sim.ingests().isEmpty());
    }

    static boolean attemptedAfter(Reporter r, Instant t) {
        Instant last = r.status().lastAttempt();
        return last != null && last.isAfter(t);
    }

    /** A result with nothing concluded beyond its status, as a listener that predates assessments hands it. */
    static void feedResult(Reporter r, Device d, CheckResult now, CheckResult previous) {
        r.resultRecorded(d, Recorded.observed(now), previous == null ? null : Recorded.observed(previous));
    }
}
