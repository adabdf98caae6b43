package org.avmonitoring.agent.reporter.internal;

import static org.avmonitoring.agent.reporter.internal.ReporterTest.config;
import static org.avmonitoring.agent.reporter.internal.ReporterTest.device;
import static org.avmonitoring.agent.reporter.internal.ReporterTest.feedResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.avmonitoring.agent.testing.backend.Ingest;
import org.avmonitoring.agent.testing.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the sealing side runs, on a manual clock: nothing between the planned instants (an idle agent wakes at its
 * cadence only), and each thing that is due done on time (a result compressed within a second, a status change sealed
 * after its delay, a heartbeat at the cadence).
 */
class SealingPlanTest {
    static final Duration STATUS_CHANGE_DELAY = Duration.ofSeconds(2);

    @TempDir
    java.nio.file.Path dataDir;

    final ManualClock clock = new ManualClock();
    final List<Reporter> reporters = new ArrayList<>();
    BackendSimulator sim;
    int seq;

    @BeforeEach
    void startSimulator() throws IOException {
        sim = BackendSimulator.start();
        sim.refuseConnections(true); // nothing leaves the outbox: it counts what was sealed
    }

    @AfterEach
    void stop() {
        reporters.forEach(Reporter::close);
        sim.close();
    }

    /** A started reporter on the manual clock, its run at start done. */
    Reporter reporter(int okS, int koS, int maxBatchResults) throws IOException {
        Reporter r = newReporter(clock, maxBatchResults);
        r.configure(config(sim.url(), okS, koS));
        r.start();
        clock.runDue();
        return r;
    }

    Reporter newReporter(ReporterClock c, int maxBatchResults) throws IOException {
        ReporterOptions o = new ReporterOptions(200L << 20, Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofMillis(300), STATUS_CHANGE_DELAY, maxBatchResults);
        Reporter r = new Reporter(o, new OutboxStore(dataDir.resolve("outbox"), o.outboxCapBytes()),
                ReporterTest.http(Duration.ofSeconds(5)), c, new BatchAssembler.Identity("1.2.3-test", "test-host", () -> 1.0));
        reporters.add(r);
        return r;
    }

    CheckResult result(Status status) {
        return new CheckResult(status, Instant.now(), 1.5, Map.of("seq", seq++), status == Status.OK ? null : "down");
    }

    void feed(Reporter r, int n) {
        for (int i = 0; i < n; i++) {
            feedResult(r, device(i % 3), result(Status.OK), null);
        }
    }

    @Test
    void anIdleReporterWakesOnlyAtTheCadenceAndSendsItsHeartbeat() throws IOException {
        Reporter r = reporter(60, 60, 5000);
        assertEquals(Duration.ofSeconds(60), clock.planned(), "the next run is the cadence seal");
        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertEquals(1, clock.runs(), "no run before the cadence: only the one at start");
        assertEquals(0, clock.wakeUps());
        assertEquals(0, r.status().batchesBuffered());
        clock.advance(Duration.ofNanos(1));
        assertEquals(1, r.status().batchesBuffered(), "the heartbeat at the cadence");
        assertEquals(Duration.ofSeconds(120), clock.planned());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(2, r.status().batchesBuffered(), "and the next one");
        assertEquals(3, clock.runs(), "one run per heartbeat");
    }

    @Test
    void aResultIsCompressedWithinASecondThenTheReporterRestsAgain() throws IOException {
        Reporter r = reporter(60, 60, 5000);
        clock.advance(Duration.ofSeconds(10));
        CheckResult result = result(Status.OK);
        WeakReference<CheckResult> held = new WeakReference<>(result);
        feedResult(r, device(0), result, null);
        result = null; // only the reporter may hold it now
        assertEquals(1, clock.wakeUps(), "a resting reporter is woken by the first result");
        assertTrue(clock.planned().compareTo(Duration.ofSeconds(11)) <= 0, "compressed within 1 s: " + clock.planned());
        System.gc();
        assertNotNull(held.get(), "held as an object until compressed");
        clock.advance(Duration.ofSeconds(1));
        // compressed into the open batch, the result object itself is garbage
        Await.until(ReporterTest.WAIT, () -> {
            System.gc();
            return held.get() == null;
        }, "the recorded result collected once compressed");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(60), clock.planned(), "no more results: resting until the cadence");
        assertEquals(0, r.status().batchesBuffered(), "compressed, not sealed before the cadence");
    }

    @Test
    void aSteadyStreamOfResultsCostsOneRunPerSecondNotOnePerResult() throws IOException {
        Reporter r = reporter(60, 60, 5000);
        clock.advance(Duration.ofSeconds(10));
        int runsBefore = clock.runs();
        for (int i = 0; i < 100; i++) { // 10 results a second for 10 s
            feed(r, 1);
            clock.advance(Duration.ofMillis(100));
        }
        int runs = clock.runs() - runsBefore;
        assertTrue(runs >= 10 && runs <= 11, "one compression per second: " + runs + " runs for 100 results");
        assertEquals(1, clock.wakeUps(), "only the first result woke the reporter; the others found a run planned");
    }

    @Test
    void aBurstOfResultsPlansOneCompressionAndFullBatchesAreSealedInIt() throws IOException {
        Reporter r = reporter(60, 60, 100);
        clock.advance(Duration.ofSeconds(10));
        feed(r, 250);
        assertEquals(1, clock.wakeUps(), "one run asked for, not one per result");
        assertEquals(Duration.ofSeconds(10), clock.planned());
        clock.runDue();
        assertEquals(2, clock.runs(), "the run at start and one compression");
        assertEquals(2, r.status().batchesBuffered(), "the two full batches sealed by that compression");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(3, r.status().batchesBuffered(), "the rest at the cadence");
        sim.refuseConnections(false);
        Await.until(ReporterTest.WAIT, () -> sim.stored().size() == 3, "the three batches sent");
        assertEquals(List.of(100, 100, 50), sim.stored().stream().map(Ingest::resultCount).toList());
    }

    @Test
    void aStatusChangeIsSealedAfterItsDelayAndNotBefore() throws IOException {
        Reporter r = reporter(3600, 3600, 5000);
        clock.advance(Duration.ofSeconds(10));
        CheckResult ok = result(Status.OK);
        feedResult(r, device(0), ok, null);
        feedResult(r, device(0), result(Status.KO), ok);
        clock.advance(STATUS_CHANGE_DELAY.minusNanos(1));
        assertEquals(0, r.status().batchesBuffered(), "not before the delay");
        assertEquals(Duration.ofSeconds(12), clock.planned(), "planned at the end of the delay");
        clock.advance(Duration.ofNanos(1));
        assertEquals(1, r.status().batchesBuffered(), "sealed when the delay ran out");
        assertTrue(clock.runs() <= 4, "start, the compression, the seal, and at most a second's check: " + clock.runs());
        sim.refuseConnections(false);
        Await.until(ReporterTest.WAIT, () -> sim.stored().size() == 1, "the batch sent");
        assertEquals("ko", sim.stored().get(0).at("results", 1, "status"), "the change is in it");
    }

    @Test
    void aShorterIntervalFromTheConfigurationTakesEffectAtOnce() throws IOException {
        Reporter r = reporter(3600, 3600, 5000);
        clock.advance(Duration.ofSeconds(10));
        r.configure(config(sim.url(), 5, 5));
        clock.runDue();
        assertEquals(1, r.status().batchesBuffered(), "the 5 s cadence was already due: a heartbeat now");
        assertEquals(Duration.ofSeconds(15), clock.planned());
    }

    @Test
    void closeStoresWhatIsCompressedAndWhatIsStillPending() throws IOException {
        Reporter first = reporter(3600, 3600, 5000);
        clock.advance(Duration.ofSeconds(10));
        feed(first, 2);
        clock.runDue(); // the two in the open batch
        feed(first, 1); // this one still pending
        first.close();
        reporters.remove(first);
        sim.refuseConnections(false);
        Reporter next = newReporter(ReporterClock.system(), 5000);
        next.configure(config(sim.url(), 3600, 3600));
        next.start();
        Await.until(ReporterTest.WAIT, () -> sim.stored().size() == 1, "the stored batch sent by the next run");
        assertEquals(3, sim.stored().get(0).resultCount());
    }
}
