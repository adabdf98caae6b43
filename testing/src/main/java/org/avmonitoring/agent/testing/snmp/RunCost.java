package org.avmonitoring.agent.testing.snmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark run cost this JVM: wall time, CPU of the JVM itself and of the child processes it has reaped
 * (fping, snmpget: {@code /proc/self/stat} cutime + cstime), and the peak number of live threads. Linux only.
 */
public final class RunCost {
    private static final double TICK_MS = 10.0; // USER_HZ is 100 on Linux

    private final long startNanos;
    private final long startCpuNanos;
    private final long startChildTicks;
    private final int startThreads;

    private RunCost() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        startThreads = threads.getThreadCount();
        threads.resetPeakThreadCount();
        startChildTicks = childTicks();
        startCpuNanos = processCpuNanos();
        startNanos = System.nanoTime();
    }

    /** Starts measuring now. */
    public static RunCost start() {
        return new RunCost();
    }

    /** The figures of one finished run. */
    public record Figures(double wallMs, double jvmCpuMs, double childCpuMs, int threadsBefore, int peakThreads) {
        public double cpuMs() {
            return jvmCpuMs + childCpuMs;
        }
    }

    public Figures stop() {
        double wall = (System.nanoTime() - startNanos) / 1e6;
        double cpu = (processCpuNanos() - startCpuNanos) / 1e6;
        double child = (childTicks() - startChildTicks) * TICK_MS;
        return new Figures(wall, cpu, child, startThreads, ManagementFactory.getThreadMXBean().getPeakThreadCount());
    }

    /** The median of some values (the benchmarks' summary figure). */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** utime + stime of this JVM (every thread, JIT and GC included), fields 14 and 15 of /proc/self/stat. */
    private static long processCpuNanos() {
        return statTicks(11) * 10_000_000L;
    }

    /** cutime + cstime: CPU of waited-for children, fields 16 and 17 of /proc/self/stat. */
    private static long childTicks() {
        return statTicks(13);
    }

    /** The sum of two consecutive /proc/self/stat fields, counted from field 3 (index 0). */
    private static long statTicks(int index) {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Arrays.stream(f, index, index + 2).mapToLong(Long::parseLong).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/stat", e);
        }
    }
}
