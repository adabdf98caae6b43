package org.avmonitoring.agent.api.http;

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

    /** A wait as a person reads it in a log line: {@code 850 ms}, {@code 12 s}, {@code 5 min}. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 10_000) {
            return ms + " ms";
        }
        return ms < 600_000 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }
}
