package org.avmonitoring.agent.reporter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.testing.support.Await;
import org.junit.jupiter.api.Test;

/** The production sealing thread: runs at once, then at the planned instants and when asked, never after close. */
class SealingThreadTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void runsAtOnceThenNotBeforeTheInstantItsRunPlanned() {
        List<Long> runs = new CopyOnWriteArrayList<>();
        long gap = TimeUnit.MILLISECONDS.toNanos(300);
        try (SealingThread t = new SealingThread("sealing-test-planned", () -> {
            long now = System.nanoTime();
            runs.add(now);
            return runs.size() < 3 ? now + gap : ReporterClock.NEVER;
        })) {
            Await.until(WAIT, () -> runs.size() == 3, "three runs");
            assertTrue(runs.get(1) - runs.get(0) >= gap && runs.get(2) - runs.get(1) >= gap,
                    "each run at or after its planned instant: " + runs);
        }
    }

    @Test
    void aRunPlannedFarInThePastRunsAtOnce() {
        // The assembler asks for Long.MIN_VALUE when results arrived during a run before any compression: "now".
        List<Long> runs = new CopyOnWriteArrayList<>();
        try (SealingThread t = new SealingThread("sealing-test-past", () -> {
            runs.add(System.nanoTime());
            return runs.size() < 2 ? Long.MIN_VALUE : ReporterClock.NEVER;
        })) {
            Await.until(WAIT, () -> runs.size() == 2, "the run planned at Long.MIN_VALUE, at once");
        }
    }

    @Test
    void aRestingThreadRunsWhenAskedAndARequestDuringARunIsKept() throws InterruptedException {
        CountDownLatch inSecondRun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> runs = new CopyOnWriteArrayList<>();
        try (SealingThread t = new SealingThread("sealing-test-asked", () -> {
            runs.add(System.nanoTime());
            if (runs.size() == 2) {
                inSecondRun.countDown();
                awaitQuietly(release);
            }
            return ReporterClock.NEVER; // every later run only when asked
        })) {
            Await.until(WAIT, () -> runs.size() == 1, "the run at start");
            t.runBy(System.nanoTime());
            assertTrue(inSecondRun.await(20, TimeUnit.SECONDS), "a resting thread woken by runBy");
            t.runBy(System.nanoTime()); // asked while the second run is under way: that run may have missed it
            release.countDown();
            Await.until(WAIT, () -> runs.size() == 3, "the request made during a run is not lost");
        }
    }

    @Test
    void closeWaitsForARunUnderWayAndStopsTheThread() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> runs = new CopyOnWriteArrayList<>();
        SealingThread t = new SealingThread("sealing-test-close", () -> {
            runs.add(System.nanoTime());
            running.countDown();
            awaitQuietly(release);
            return System.nanoTime(); // would run again at once if not stopped
        });
        assertTrue(running.await(20, TimeUnit.SECONDS));
        Thread closer = new Thread(t::close);
        closer.start();
        Await.until(WAIT, () -> closer.getState() == Thread.State.TIMED_WAITING, "close waits for the run");
        assertTrue(closer.isAlive());
        release.countDown();
        closer.join(WAIT.toMillis());
        assertFalse(closer.isAlive(), "close returned once the run ended");
        assertFalse(threadAlive("sealing-test-close"), "the sealing thread is gone");
        assertEquals(1, runs.size(), "no run after close");
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
