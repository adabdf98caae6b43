package org.avmonitoring.agent.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Heap kept by 10,000 frozen 8-entry maps and the cost of adding one metric, old way (an unmodifiable LinkedHashMap
 * copy, as Values did before) against the compact frozen map. Not a test: run it by hand.
 *
 * <pre>
 * cd bundles/api &amp;&amp; mvn -B -q test-compile &amp;&amp; java -Xmx256m -cp target/classes:target/test-classes \
 *     org.avmonitoring.agent.api.FrozenMapBenchmark
 * </pre>
 */
public final class FrozenMapBenchmark {
    private static final int MAPS = 10_000;
    private static final int ENTRIES = 8;
    private static final int RUNS = 5;
    private static final int WITH_METRIC_CALLS = 2_000_000;

    private FrozenMapBenchmark() {
    }

    public static void main(String[] args) {
        Function<Map<String, Object>, Map<String, Object>> old = FrozenMapBenchmark::linkedCopy;
        Function<Map<String, Object>, Map<String, Object>> compact = Values::frozenMap;

        long oldBytes = medianRetained(old);
        long newBytes = medianRetained(compact);
        System.out.printf("retained by %,d maps of %d entries: old %,d bytes (%.0f B/map), new %,d bytes (%.0f B/map), "
                        + "ratio %.2f%n", MAPS, ENTRIES, oldBytes, (double) oldBytes / MAPS, newBytes,
                (double) newBytes / MAPS, (double) oldBytes / newBytes);

        double oldNs = medianWithMetricNs(true);
        double newNs = medianWithMetricNs(false);
        System.out.printf("withMetric (8 metrics + driver_version): old %.0f ns, new %.0f ns, ratio %.2f%n",
                oldNs, newNs, oldNs / newNs);
    }

    /** What Values.frozenMap did before: a deep copy into an unmodifiable LinkedHashMap. */
    private static Map<String, Object> linkedCopy(Map<String, ?> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, v));
        return Collections.unmodifiableMap(out);
    }

    /** Metric-like entries; the values are shared by every map so only the maps themselves are measured. */
    private static Map<String, Object> source() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < ENTRIES; i++) {
            m.put(KEYS[i], VALUES[i]);
        }
        return m;
    }

    private static final String[] KEYS = {"power", "input", "lamp_hours", "lamp_on", "error_fan", "error_lamp",
            "error_temp", "class"};
    private static final Object[] VALUES = {"on", "HDMI1", 1234, true, "ok", "ok", "warning", 2};

    private static long medianRetained(Function<Map<String, Object>, Map<String, Object>> freeze) {
        Map<String, Object> source = source();
        long[] runs = new long[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long before = usedAfterGc();
            Object[] keep = new Object[MAPS];
            for (int i = 0; i < MAPS; i++) {
                keep[i] = freeze.apply(source);
            }
            runs[r] = usedAfterGc() - before - 16L - 4L * MAPS; // minus the holding array
            if (keep[MAPS - 1] == null) {
                throw new IllegalStateException();
            }
        }
        Arrays.sort(runs);
        return runs[RUNS / 2];
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Median over {@link #RUNS} of the mean time of one withMetric, old (LinkedHashMap copy) or new. */
    private static double medianWithMetricNs(boolean oldWay) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        CheckResult base = new CheckResult(Status.OK, at, 1.5, source(), null);
        Map<String, Object> oldMetrics = linkedCopy(source());
        double[] runs = new double[RUNS + 1];
        long sink = 0;
        for (int r = 0; r <= RUNS; r++) { // run 0 warms up the JIT and is dropped
            long start = System.nanoTime();
            for (int i = 0; i < WITH_METRIC_CALLS; i++) {
                if (oldWay) {
                    Map<String, Object> m = new LinkedHashMap<>(oldMetrics);
                    m.put("driver_version", "1.0.0");
                    sink += linkedCopy(m).size();
                } else {
                    sink += base.withMetric("driver_version", "1.0.0").metrics().size();
                }
            }
            runs[r] = (System.nanoTime() - start) / (double) WITH_METRIC_CALLS;
        }
        if (sink != (long) (RUNS + 1) * WITH_METRIC_CALLS * (ENTRIES + 1)) {
            throw new IllegalStateException("unexpected sizes");
        }
        double[] measured = Arrays.copyOfRange(runs, 1, RUNS + 1);
        Arrays.sort(measured);
        return measured[RUNS / 2];
    }
}
