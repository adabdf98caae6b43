package org.avmonitoring.agent.driver.pjlink.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;

/**
 * One poll of 1,000 simulated projectors from one driver instance, over loopback (127.1.x.y:4352).
 * Half are class 1, half class 2, one in four asks for a password. Prints the cold poll (class detection and
 * identity read) and the median of three warm polls: wall time, CPU ms per device on the driver's I/O thread,
 * the driver's threads.
 * <pre>
 * mvn -B -q -f bundles/driver-pjlink/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.avmonitoring.agent.driver.pjlink.internal.PjLinkBenchmark [-Dexec.args="1000 128"]
 * </pre>
 */
public final class PjLinkBenchmark {

    private PjLinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int maxConnections = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ProjectorSimulator sim = new ProjectorSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String host = "127.1." + (i / 250) + "." + (i % 250 + 1);
                boolean pw = i % 4 == 0;
                SimulatedProjector p = sim.add(new SimulatedProjector.Spec().address(host).port(4352)
                        .projectorClass(1 + i % 2).password(pw ? "CHANGE-ME" : null));
                devices.add(pw ? PjLinkTestSupport.device("bench-" + i, p, "password", "CHANGE-ME")
                        : PjLinkTestSupport.device("bench-" + i, p));
            }
            int threadsBefore = Thread.activeCount();
            PjLinkDriver driver = PjLinkTestSupport.startDriver(Map.of("maxConnections", maxConnections));
            Thread io = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("pjlink-io")).findFirst().orElseThrow();
            try {
                System.out.printf("PJLink benchmark: %d projectors, max %d connections, %d cores, Java %s%n", count,
                        maxConnections, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                double[] cold = pollAll(driver, devices, threads, io.getId());
                System.out.printf("cold poll (CLSS + identity): wall %.0f ms, driver CPU %.3f ms/device, %d ok%n", cold[0], cold[1], (int) cold[2]);
                double[][] warm = new double[3][];
                for (int i = 0; i < 3; i++) {
                    warm[i] = pollAll(driver, devices, threads, io.getId());
                }
                System.out.printf("warm poll (median of 3): wall %.0f ms, driver CPU %.3f ms/device, %d ok%n",
                        median(warm, 0), median(warm, 1), (int) median(warm, 2));
                long driverThreads = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("pjlink-") && !t.getName().equals("pjlink-simulator")).count();
                System.out.printf("driver threads: %d (%s); JVM threads added by the driver: %d%n", driverThreads,
                        Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                                .filter(n -> n.startsWith("pjlink-") && !n.equals("pjlink-simulator")).sorted().toList(),
                        Thread.activeCount() - threadsBefore);
            } finally {
                driver.deactivate();
            }
        }
    }

    /** [wall ms, driver I/O thread CPU ms per device, ok count]. */
    private static double[] pollAll(PjLinkDriver driver, List<Device> devices, ThreadMXBean threads, long ioThread) throws Exception {
        long cpu0 = threads.getThreadCpuTime(ioThread);
        long t0 = System.nanoTime();
        List<CompletableFuture<CheckResult>> fs = new ArrayList<>(devices.size());
        for (Device d : devices) {
            fs.add(driver.check(d, Duration.ofSeconds(60)));
        }
        int ok = 0;
        CheckResult firstFailure = null;
        for (CompletableFuture<CheckResult> f : fs) {
            CheckResult r = f.get(120, TimeUnit.SECONDS);
            if (r.status() == Status.OK) {
                ok++;
            } else if (firstFailure == null) {
                firstFailure = r;
            }
        }
        if (firstFailure != null) {
            System.out.println("first result that is not ok: " + firstFailure);
        }
        double wallMs = (System.nanoTime() - t0) / 1e6;
        double cpuMs = (threads.getThreadCpuTime(ioThread) - cpu0) / 1e6;
        return new double[] {wallMs, cpuMs / devices.size(), ok};
    }

    private static double median(double[][] runs, int column) {
        double[] v = Arrays.stream(runs).mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }
}
