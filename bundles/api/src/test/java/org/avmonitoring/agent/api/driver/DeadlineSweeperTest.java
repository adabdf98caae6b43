package org.avmonitoring.agent.api.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
}
