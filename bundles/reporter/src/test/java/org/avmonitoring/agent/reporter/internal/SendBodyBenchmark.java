package org.avmonitoring.agent.reporter.internal;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The sending thread's work on one stored batch: {@link BatchCodec#body} (the stored batch turned into its request
 * body), on batches sealed from plausible results (the replay benchmark's pjlink / snmp / ping metrics, 2 % ko).
 * <p>
 * For each batch size: a warm-up, then {@code runs} runs of {@code calls} calls each; prints per call the CPU time of
 * the calling thread and the bytes it allocated (ThreadMXBean), median of the runs and their range. Run it with the
 * agent's JIT and GC flags (docs/benchmarks.md). Arguments: {@code [results per batch, comma-separated] [runs]}
 * (defaults 1000,10000 and 7).
 */
public final class SendBodyBenchmark {

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        BatchCodec codec = new BatchCodec();
        System.out.printf("BatchCodec.body: %d runs per size, Java %s%n", runs, System.getProperty("java.version"));
        for (int size : sizes) {
            byte[] stored = sealed(codec, size);
            int calls = Math.max(5, 200_000 / size);
            long bodyBytes = 0;
            for (int i = 0; i < 3 * calls; i++) {
                bodyBytes = codec.body(stored, Instant.now(), 3, 0).gzip().length;
            }
            double[] cpuMs = new double[runs];
            double[] allocKb = new double[runs];
            for (int r = 0; r < runs; r++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long alloc = threads.getThreadAllocatedBytes(self);
                for (int i = 0; i < calls; i++) {
                    codec.body(stored, Instant.now(), 3, 0);
                }
                cpuMs[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / calls;
                allocKb[r] = (threads.getThreadAllocatedBytes(self) - alloc) / 1024.0 / calls;
            }
            Arrays.sort(cpuMs);
            Arrays.sort(allocKb);
            System.out.printf("%,6d results: stored %,d bytes, body %,d bytes; per call (%d calls per run): CPU %.3f ms"
                            + " (%.3f-%.3f), allocated %,.0f KB%n", size, stored.length, bodyBytes, calls,
                    cpuMs[runs / 2], cpuMs[0], cpuMs[runs - 1], allocKb[runs / 2]);
        }
    }

    /** A batch as the sealing thread stores it: devices a third each pjlink, snmp, ping. */
    private static byte[] sealed(BatchCodec codec, int results) throws Exception {
        String[] types = {"pjlink", "snmp", "ping"};
        Random rnd = new Random(7);
        Instant at = Instant.parse("2026-11-23T00:00:00Z");
        List<BatchCodec.Entry> entries = new ArrayList<>(results);
        for (int i = 0; i < results; i++) {
            String type = types[i % 3];
            entries.add(new BatchCodec.Entry("dev-" + i, type, OutboxReplayBenchmark.result(type, at, rnd)));
        }
        return codec.seal(new BatchCodec.Seal("bench-batch", at, "Benchmark site", "1.4.0", "bench-host", results, 42.0),
                entries);
    }

    private SendBodyBenchmark() {
    }
}
