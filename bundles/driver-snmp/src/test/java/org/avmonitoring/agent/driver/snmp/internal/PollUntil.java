package org.avmonitoring.agent.driver.snmp.internal;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or the timeout passes (no sleeping-and-hoping). */
final class PollUntil {
    private PollUntil() {
    }

    static void await(Duration timeout, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(50);
        }
    }
}
