package org.avmonitoring.agent.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The production scheduler with real threads: ordering, wake-ups, and a blocked lane's isolation. */
class ClockSchedulerTest {
    private final ClockScheduler clock = new ClockScheduler();

    @AfterEach
    void stop() {
        clock.shutdown();
    }

    @Test
    void timersRunInDueOrderNotBeforeTheirDelayAndCancelledOnesNever() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        long t0 = System.nanoTime();
        long[] at = new long[3];
        clock.schedule(() -> { at[2] = System.nanoTime(); ran.add("c"); done.countDown(); }, 120);
        clock.schedule(() -> { at[0] = System.nanoTime(); ran.add("a"); done.countDown(); }, 20);
        TaskScheduler.Cancellable x = clock.schedule(() -> ran.add("x"), 60);
        clock.schedule(() -> { at[1] = System.nanoTime(); ran.add("b"); done.countDown(); }, 70);
        x.cancel();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("a", "b", "c"), ran);
        assertTrue(at[0] - t0 >= TimeUnit.MILLISECONDS.toNanos(20), "never early");
        assertTrue(at[2] - t0 >= TimeUnit.MILLISECONDS.toNanos(120), "never early");
    }

    @Test
    void timersDueInOneTickRunTogetherAtItsBoundaryInDueOrder() throws InterruptedException {
        // A tick boundary is a multiple of the tick on the monotonic clock; start just after one so that both timers
        // fall due before the next.
        long tick = TimeUnit.MILLISECONDS.toNanos(ClockScheduler.TICK_MS);
        while (Math.floorMod(System.nanoTime(), tick) > tick / 4) {
            Thread.onSpinWait();
        }
        long t0 = System.nanoTime();
        long[] at = new long[2];
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        clock.schedule(() -> { at[1] = System.nanoTime(); ran.add("later"); done.countDown(); }, ClockScheduler.TICK_MS / 2);
        clock.schedule(() -> { at[0] = System.nanoTime(); ran.add("sooner"); done.countDown(); }, ClockScheduler.TICK_MS / 10);
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("sooner", "later"), ran);
        long boundary = (Math.floorDiv(t0, tick) + 1) * tick;
        assertTrue(at[0] - boundary >= 0, "not before the boundary after its due time");
        assertTrue(at[1] - at[0] < tick / 2, "run in the same wake-up, not one per timer");
    }

    @Test
    void workHandedOverWhileTheClockSleepsLongIsRunAtOnceOnTheClockThread() throws InterruptedException {
        // nothing scheduled: the clock sleeps until handed something and must be woken, five times in a row
        for (int i = 0; i < 5; i++) {
            Thread.sleep(50);
            CountDownLatch ran = new CountDownLatch(1);
            String[] thread = new String[1];
            long t0 = System.nanoTime();
            clock.execute(() -> { thread[0] = Thread.currentThread().getName(); ran.countDown(); });
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 300, "woken at once: " + ms + " ms");
            assertEquals("avmonitoring-collector", thread[0]);
        }
    }

    @Test
    void aBlockedLaneHoldsUpNeitherTheClockNorAnotherLane() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        clock.dispatch("slow", () -> {
            stuck.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(stuck.await(5, TimeUnit.SECONDS));
        CountDownLatch laterOnSlow = new CountDownLatch(1);
        clock.dispatch("slow", laterOnSlow::countDown);
        CountDownLatch otherLane = new CountDownLatch(1);
        String[] laneThread = new String[1];
        clock.dispatch("fast", () -> { laneThread[0] = Thread.currentThread().getName(); otherLane.countDown(); });
        CountDownLatch timer = new CountDownLatch(1);
        clock.schedule(timer::countDown, 30);
        assertTrue(otherLane.await(5, TimeUnit.SECONDS), "another lane runs");
        assertEquals("avmonitoring-collector-fast", laneThread[0]);
        assertTrue(timer.await(5, TimeUnit.SECONDS), "the clock's timers run");
        assertFalse(laterOnSlow.await(100, TimeUnit.MILLISECONDS), "the blocked lane's next task waits its turn");
        release.countDown();
        assertTrue(laterOnSlow.await(5, TimeUnit.SECONDS), "and runs once the lane is free");
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheClock() throws InterruptedException {
        clock.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        CountDownLatch after = new CountDownLatch(1);
        clock.schedule(after::countDown, 10);
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }
}
