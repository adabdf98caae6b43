package org.avmonitoring.agent.testing.support;

import java.util.Locale;

/**
 * How a benchmark's simulated devices misbehave, decided per device index so that every simulator process (and the
 * script that starts them) agrees on which device does what, run after run. {@code silentPercent} % of the devices
 * never answer, spread evenly: device {@code i} is silent when {@code (i+1)*p/100 > i*p/100} in integer arithmetic
 * (with p = 10: devices 9, 19, 29, ...), a rule a shell script computes as well. Every other device answers after a
 * delay drawn uniformly in {@code [minDelayMs, maxDelayMs]} from the seed and its index, the same delay at every
 * exchange.
 *
 * <p>Written and read as {@code silent=10,delay=50-500,seed=19} (see {@link #parse}).
 */
public record Impairment(int silentPercent, long minDelayMs, long maxDelayMs, long seed) {

    public static final Impairment NONE = new Impairment(0, 0, 0, 0);
    private static final long MAX_DELAY_MS = 60_000;

    public Impairment {
        if (silentPercent < 0 || silentPercent > 100) {
            throw new IllegalArgumentException("silent must be a percentage 0..100, not " + silentPercent);
        }
        if (minDelayMs < 0 || minDelayMs > maxDelayMs || maxDelayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("delay must be MIN-MAX with 0 <= MIN <= MAX <= " + MAX_DELAY_MS
                    + " ms, not " + minDelayMs + "-" + maxDelayMs);
        }
    }

    /**
     * Reads {@code silent=P,delay=MIN-MAX,seed=S} (each part optional, delay also as one number of ms).
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static Impairment parse(String spec) {
        int silent = 0;
        long min = 0;
        long max = 0;
        long seed = 0;
        for (String part : spec.split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (p.isEmpty()) {
                continue;
            }
            if (eq < 0) {
                throw new IllegalArgumentException("expected name=value in impairment '" + spec + "', got '" + p + "'");
            }
            String value = p.substring(eq + 1).strip();
            try {
                switch (p.substring(0, eq).strip().toLowerCase(Locale.ROOT)) {
                    case "silent": silent = Integer.parseInt(value); break;
                    case "seed": seed = Long.parseLong(value); break;
                    case "delay": {
                        int dash = value.indexOf('-');
                        min = Long.parseLong(dash < 0 ? value : value.substring(0, dash).strip());
                        max = dash < 0 ? min : Long.parseLong(value.substring(dash + 1).strip());
                        break;
                    }
                    default:
                        throw new IllegalArgumentException("unknown part '" + p + "' in impairment '" + spec
                                + "' (silent=P,delay=MIN-MAX,seed=S)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in '" + p + "' of impairment '" + spec + "'", e);
            }
        }
        return new Impairment(silent, min, max, seed);
    }

    /** True when device {@code index} (0-based) never answers. */
    public boolean silent(int index) {
        return (long) (index + 1) * silentPercent / 100 > (long) index * silentPercent / 100;
    }

    /** How late device {@code index} answers, in ms (meaningless for a silent device). */
    public long delayMs(int index) {
        if (minDelayMs == maxDelayMs) {
            return minDelayMs;
        }
        return minDelayMs + Math.floorMod(mix(seed * 0x9E3779B97F4A7C15L + index), maxDelayMs - minDelayMs + 1);
    }

    /** SplitMix64's finalizer: neighbouring indexes get unrelated delays. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return "silent=" + silentPercent + ",delay=" + minDelayMs + "-" + maxDelayMs + ",seed=" + seed;
    }
}
