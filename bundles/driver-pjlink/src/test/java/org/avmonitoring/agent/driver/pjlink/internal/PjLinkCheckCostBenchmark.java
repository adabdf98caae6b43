package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/**
 * The cost of one check as the installed agent pays it: class 1 projectors without password (as scripts/bench-agent.sh
 * sets them up), checked one at a time at a steady rate from one caller thread (the collector's PJLink lane), not in
 * a burst, so that every check pays its own selector wake-ups. Prints, per check, for three windows and their
 * median: CPU of {@code pjlink-io} and of the caller (µs), bytes allocated on each, and wake-ups of {@code pjlink-io}
 * (times it was scheduled in, from /proc/self/task/TID/schedstat).
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -Xmx64m -cp ... \
 *     org.avmonitoring.agent.driver.pjlink.internal.PjLinkCheckCostBenchmark [projectors=333] [checks/s=100] [checks per window=2000]
 * </pre>
 */
public final class PjLinkCheckCostBenchmark {

    private static final String IO_THREAD = "pjlink-io";

    private PjLinkCheckCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 333;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perWindow = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        try (ProjectorSimulator sim = new ProjectorSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedProjector p = sim.add(new SimulatedProjector.Spec()
                        .address("127.1." + (i / 250) + "." + (i % 250 + 1)).port(4352).projectorClass(1));
                devices.add(PjLinkTestSupport.device("pj-" + i, p));
            }
            PjLinkDriver driver = new PjLinkDriver();
            driver.activate(bundleContext("1.4.0"), PjLinkTestSupport.config(Map.of()));
            try {
                System.out.printf("PJLink check cost: %d class 1 projectors, %d checks/s, %d checks per window, Java %s%n",
                        count, rate, perWindow, System.getProperty("java.version"));
                Meter io = new Meter(threadNamed(IO_THREAD), nativeTid(IO_THREAD));
                Meter caller = new Meter(Thread.currentThread(), -1);
                // Warm-up: class detection, identity and details of every device, and the JIT.
                run(driver, devices, rate, Math.max(perWindow, 3 * count), null, null);
                double[][] windows = new double[3][];
                for (int w = 0; w < windows.length; w++) {
                    windows[w] = run(driver, devices, rate, perWindow, io, caller);
                    print("window " + (w + 1), windows[w]);
                }
                double[] median = new double[windows[0].length];
                for (int c = 0; c < median.length; c++) {
                    int col = c;
                    median[c] = Arrays.stream(windows).mapToDouble(r -> r[col]).sorted().toArray()[1];
                }
                print("median", median);
            } finally {
                driver.deactivate();
            }
        }
    }

    private static void print(String label, double[] r) {
        System.out.printf("%-8s io CPU %.1f us, caller CPU %.1f us, io alloc %.0f B, caller alloc %.0f B, io wake-ups %.2f,"
                + " ok %.0f / %.0f%n", label, r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
    }

    /** {@code checks} checks at {@code rate} per second, round robin over the devices; the per-check figures. */
    private static double[] run(PjLinkDriver driver, List<Device> devices, int rate, int checks, Meter io, Meter caller)
            throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long[] io0 = io == null ? null : io.read();
        long[] caller0 = caller == null ? null : caller.read();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        CompletableFuture<CheckResult> last = null;
        for (int i = 0; i < checks; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += periodNanos;
            last = driver.check(devices.get(i % devices.size()), Duration.ofSeconds(10));
            last.whenComplete((r, e) -> {
                if (r != null && r.status() == Status.OK) {
                    ok.incrementAndGet();
                }
                done.incrementAndGet();
            });
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (done.get() < checks && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        if (io == null) {
            return null;
        }
        long[] io1 = io.read();
        long[] caller1 = caller.read();
        return new double[] {(io1[0] - io0[0]) / 1e3 / checks, (caller1[0] - caller0[0]) / 1e3 / checks,
                (double) (io1[1] - io0[1]) / checks, (double) (caller1[1] - caller0[1]) / checks,
                (double) (io1[2] - io0[2]) / checks, ok.get(), checks};
    }

    /** CPU ns, allocated bytes and (with a native id) times scheduled in, of one thread. */
    private record Meter(Thread thread, long tid) {
        long[] read() throws IOException {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long runs = tid < 0 ? 0 : Long.parseLong(
                    Files.readString(Path.of("/proc/self/task/" + tid + "/schedstat")).trim().split(" ")[2]);
            return new long[] {mx.getThreadCpuTime(thread.getId()), mx.getThreadAllocatedBytes(thread.getId()), runs};
        }
    }

    private static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no thread " + name));
    }

    /** The kernel's id of the thread named {@code name} (Linux: /proc/self/task/TID/comm). */
    private static long nativeTid(String name) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(t.resolve("comm")).trim().equals(name)) {
                    return Long.parseLong(t.getFileName().toString());
                }
            }
        }
        throw new IllegalStateException("no task named " + name);
    }

    /** Just enough of a bundle context for the driver to read its version (it adds driver_version to results). */
    private static BundleContext bundleContext(String version) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, a) -> method.getName().equals("getVersion") ? Version.parseVersion(version) : null);
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (proxy, method, a) -> method.getName().equals("getBundle") ? bundle : null);
    }
}
