package org.avmonitoring.agent.testing.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition, never on a guess: polls every 20 ms until true, or fails after the timeout (AssertionError). */
public final class Await {
    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
