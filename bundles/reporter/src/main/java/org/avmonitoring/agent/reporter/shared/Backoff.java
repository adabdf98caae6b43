package org.avmonitoring.agent.reporter.shared;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half and all of
 * {@code min * 2^n}, capped at {@code max}, so agents that lost the backend together do not return together.
 */
public final class Backoff {
    private final long minMs;
    private final long maxMs;
    private final Random random;
    private int failures;

    public Backoff(Duration min, Duration max, Random random) {
        this.minMs = Math.max(1, min.toMillis());
        this.maxMs = Math.max(minMs, max.toMillis());
        this.random = random;
    }

    /** The wait before the next attempt; each call counts one more failure. */
    public synchronized Duration next() {
        long cap = failures >= 40 ? maxMs : Math.min(maxMs, minMs << Math.min(failures, 30));
        failures++;
        long half = cap / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (cap - half + 1)));
    }

    public synchronized void reset() {
        failures = 0;
    }

    public synchronized int failures() {
        return failures;
    }
}
