package org.avmonitoring.agent.driver.snmp.internal;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and bytes allocated by this JVM's Java threads over one benchmark run, in three groups: the thread that
 * calls {@code check} (the collector's SNMP lane in the agent), SNMP4J's receive thread, and all others (DNS,
 * deadline sweeper, SNMP4J's retry timer). JIT and GC threads are not Java threads and are in none.
 */
final class ThreadCost {
    static final String RECEIVE_THREAD = "DefaultUDPTransportMapping";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Per group: CPU ns and bytes allocated. */
    record Figures(long callerCpuNs, long callerBytes, long receiveCpuNs, long receiveBytes, long otherCpuNs, long otherBytes) {
        long cpuNs() {
            return callerCpuNs + receiveCpuNs + otherCpuNs;
        }

        long bytes() {
            return callerBytes + receiveBytes + otherBytes;
        }
    }

    private final long caller = Thread.currentThread().getId();
    private final Map<Long, long[]> start = snapshot();

    private ThreadCost() {
    }

    /** Starts measuring now; call {@link #stop()} from the same thread. */
    static ThreadCost start() {
        return new ThreadCost();
    }

    Figures stop() {
        long[] sums = new long[6];
        for (Map.Entry<Long, long[]> e : snapshot().entrySet()) {
            long[] before = start.getOrDefault(e.getKey(), new long[] {0, 0, 0});
            long[] now = e.getValue();
            int group = e.getKey() == caller ? 0 : now[2] == 1 ? 2 : 4;
            sums[group] += now[0] - before[0];
            sums[group + 1] += now[1] - before[1];
        }
        return new Figures(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
    }

    /** Thread id -> {CPU ns, allocated bytes, 1 if SNMP4J's receive thread}. */
    private static Map<Long, long[]> snapshot() {
        long[] ids = THREADS.getAllThreadIds();
        long[] cpu = THREADS.getThreadCpuTime(ids);
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, long[]> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            java.lang.management.ThreadInfo info = THREADS.getThreadInfo(ids[i]);
            boolean receive = info != null && info.getThreadName().startsWith(RECEIVE_THREAD);
            if (cpu[i] >= 0 && bytes[i] >= 0) {
                out.put(ids[i], new long[] {cpu[i], bytes[i], receive ? 1 : 0});
            }
        }
        return out;
    }
}
