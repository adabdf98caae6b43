package org.avmonitoring.agent.api.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineSweeperTest {
    private final DeadlineSweeper sweeper = new DeadlineSweeper("test-sweeper", 20);

    @AfterEach
    void close() {
        sweeper.close();
    }

    private static long in(long ms) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void expiresAtTheDeadlineNotBeforeAndWithinAFewResolutions() throws Exception {
        for (int round = 0; round < 3; round++) { // also after the thread went idle between rounds
            CompletableFuture<String> f = new CompletableFuture<>();
            long t0 = System.nanoTime();
            sweeper.expireAt(f, in(150), () -> "expired");
            assertEquals("expired", f.get(5, TimeUnit.SECONDS));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 150, "not before the deadline: " + ms);
            assertTrue(ms < 150 + 500, "within a few resolutions of it: " + ms);
            // The API cannot use the testing module's Await (testing depends on the API): JUnit bounds the wait.
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                while (!sweepingThread().map(t -> t.getState() == Thread.State.WAITING).orElse(false)) {
                    Thread.sleep(20);
                }
            }, "the sweeping thread idle (parked without a deadline)");
        }
    }

    @Test
    void aCheckThatEndedFirstIsLeftAlone() throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        CompletableFuture<String> late = new CompletableFuture<>();
        sweeper.expireAt(done, in(50), () -> "expired");
        sweeper.expireAt(late, in(100), () -> "expired");
        done.complete("answered");
        assertEquals("expired", late.get(5, TimeUnit.SECONDS));
        assertEquals("answered", done.getNow(null));
    }

    @Test
    void anExpiryThatThrowsCompletesTheFutureExceptionally() {
        CompletableFuture<String> f = new CompletableFuture<>();
        sweeper.expireAt(f, in(10), () -> {
            throw new IllegalStateException("no message (expected by the test)");
        });
        assertTrue(f.handle((r, t) -> t).join() instanceof IllegalStateException);
    }

    @Test
    void afterCloseNothingExpires() {
        CompletableFuture<String> f = new CompletableFuture<>();
        sweeper.expireAt(f, in(1_000), () -> "expired");
        sweeper.close();
        // the sweeping thread is the only one that expires a check: once it has ended, nothing will
        assertTrue(sweepingThread().isEmpty(), "the sweeping thread ended with close()");
        assertFalse(f.isDone());
        sweeper.expireAt(f, in(0), () -> "expired");
        assertFalse(f.isDone(), "a check handed over after close is left alone");
    }

    private static Optional<Thread> sweepingThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("test-sweeper")).findFirst();
    }

    // The plan, driven by hand (no thread, no sleeping): when the sweeper would wake, and which wake-ups it asks for.

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void answeredChecksCostNoWakeUpAndIdleMeansNoWakeUpAtAll() {
        AtomicInteger wakes = new AtomicInteger();
        DeadlineSweeper manual = new DeadlineSweeper(50, wakes::incrementAndGet);
        long t = 1_000_000_000L;
        assertEquals(DeadlineSweeper.NO_WAKE, manual.plan(t), "nothing in flight: sleep until something arrives");
        CompletableFuture<String> first = new CompletableFuture<>();
        manual.expireAt(first, t + 5000 * MS, () -> "expired");
        assertEquals(1, wakes.get(), "the first check wakes a sleeper with no plan");
        assertEquals(t + 5000 * MS, manual.plan(t), "wake at the only deadline, not every resolution");
        for (int i = 1; i <= 100; i++) { // checks started later, with later deadlines: the plan stands
            manual.expireAt(new CompletableFuture<String>(), t + (5000 + i) * MS, () -> "expired");
        }
        assertEquals(1, wakes.get(), "later deadlines do not wake the sweeper");
        first.complete("answered");
        assertEquals(t + 5001 * MS, manual.plan(t + 10 * MS), "the answered check no longer counts");
    }

    @Test
    void anEarlierDeadlineWakesTheSweeperAndEverythingAnsweredEndsInIdle() {
        AtomicInteger wakes = new AtomicInteger();
        DeadlineSweeper manual = new DeadlineSweeper(50, wakes::incrementAndGet);
        long t = 0;
        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<String> quick = new CompletableFuture<>();
        manual.expireAt(slow, t + 5000 * MS, () -> "expired");
        manual.plan(t);
        manual.expireAt(quick, t + 1000 * MS, () -> "expired");
        assertEquals(2, wakes.get(), "a deadline before the planned wake-up must wake the sweeper");
        assertEquals(t + 1000 * MS, manual.plan(t));
        assertEquals(t + 5000 * MS, manual.plan(t + 1000 * MS));
        assertEquals("expired", quick.getNow(null));
        slow.complete("answered");
        assertEquals(DeadlineSweeper.NO_WAKE, manual.plan(t + 2000 * MS));
    }

    @Test
    void deadlinesCloseTogetherShareOneWakeUpAResolutionApart() {
        DeadlineSweeper manual = new DeadlineSweeper(50, () -> { });
        manual.expireAt(new CompletableFuture<String>(), 10 * MS, () -> "expired");
        assertEquals(50 * MS, manual.plan(0), "never sooner than one resolution");
    }

    @Test
    void answeredChecksAreDroppedAfterABoundedNumberOfChecks() {
        AtomicInteger wakes = new AtomicInteger();
        DeadlineSweeper manual = new DeadlineSweeper(50, wakes::incrementAndGet);
        manual.expireAt(new CompletableFuture<String>(), 1000 * MS, () -> "expired");
        manual.plan(0);
        wakes.set(0);
        for (int i = 0; i < DeadlineSweeper.PURGE_EVERY; i++) {
            manual.expireAt(CompletableFuture.completedFuture("answered"), 2000 * MS, () -> "expired");
        }
        assertEquals(1, wakes.get(), "one wake-up to drop " + DeadlineSweeper.PURGE_EVERY + " answered checks");
    }

    @Test
    void anAnsweredCheckIsNotKeptAliveUntilThePurge() throws Exception {
        DeadlineSweeper manual = new DeadlineSweeper(50, () -> { });
        CompletableFuture<Object> f = new CompletableFuture<>();
        java.lang.ref.WeakReference<Object> result = new java.lang.ref.WeakReference<>(f);
        manual.expireAt(f, 1000 * MS, () -> "expired");
        f.complete("answered");
        f = null;
        for (int i = 0; i < 50 && result.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(null, result.get(), "the sweeper let go of the answered future before its next pass");
    }
}
