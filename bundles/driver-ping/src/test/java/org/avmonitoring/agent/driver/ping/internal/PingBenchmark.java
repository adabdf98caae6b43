package org.avmonitoring.agent.driver.ping.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.snmp.RunCost;

/**
 * One check of 1,000 ICMP targets (127.20.x.y, all loopback) through the driver, beside the floor: the same
 * addresses in a single {@code fping} run with the same options. Prints medians of {@code RUNS} rounds.
 *
 * <pre>
 * mvn -B -q -f bundles/driver-ping/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp bundles/driver-ping/target/test-classes:bundles/driver-ping/target/classes:$(cat bundles/driver-ping/target/cp.txt) \
 *     org.avmonitoring.agent.driver.ping.internal.PingBenchmark [targets] [runs]
 * </pre>
 */
public final class PingBenchmark {
    static final int COUNT = 3;
    static final int TIMEOUT_MS = 1000;
    static final int PERIOD_MS = 250;
    static final int INTERVAL_MS = 1;

    private PingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            ips.add("127.20." + (i / 250) + "." + (i % 250 + 1));
        }
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            devices.add(new Device("p" + i, null, "ping", ips.get(i), null, null, true, null, Map.of("ping", Map.of("count", COUNT))));
        }
        PingDriver driver = new PingDriver();
        // The defaults of PingDriver.Config: 20 ms window, 1,000 per fping, 4 processes, -p 250 -i 1.
        driver.activate(new TestConfig("/usr/bin/fping", 20, PERIOD_MS));
        List<Double> wall = new ArrayList<>(), cpu = new ArrayList<>(), floorWall = new ArrayList<>(), floorCpu = new ArrayList<>();
        int peakThreads = 0;
        int threadsBefore = 0;
        int processes = 0;
        try {
            pollAll(driver, devices); // warm-up (JIT, first fping)
            for (int run = 0; run < runs; run++) {
                int startedBefore = driver.fpingProcessesStarted();
                RunCost cost = RunCost.start();
                int ok = pollAll(driver, devices);
                RunCost.Figures f = cost.stop();
                if (ok != targets) {
                    throw new IllegalStateException(ok + " of " + targets + " targets ok");
                }
                wall.add(f.wallMs());
                cpu.add(f.cpuMs());
                peakThreads = Math.max(peakThreads, f.peakThreads());
                threadsBefore = f.threadsBefore();
                processes = driver.fpingProcessesStarted() - startedBefore;

                RunCost floor = RunCost.start();
                fpingDirect(ips);
                RunCost.Figures ff = floor.stop();
                floorWall.add(ff.wallMs());
                floorCpu.add(ff.cpuMs());
            }
        } finally {
            driver.deactivate();
        }
        double w = RunCost.median(wall), c = RunCost.median(cpu), fw = RunCost.median(floorWall), fc = RunCost.median(floorCpu);
        System.out.printf("ping benchmark: %d targets x %d echoes (fping -p %d -i %d -t %d), %d runs, %d cores%n",
                targets, COUNT, PERIOD_MS, INTERVAL_MS, TIMEOUT_MS, runs, Runtime.getRuntime().availableProcessors());
        System.out.printf("driver: wall %.0f ms, CPU %.0f ms (%.3f ms/target, JVM + fping), fping processes %d, threads %d before -> peak %d%n",
                w, c, c / targets, processes, threadsBefore, peakThreads);
        System.out.printf("floor (one fping run over the same addresses): wall %.0f ms, CPU %.0f ms (%.3f ms/target)%n",
                fw, fc, fc / targets);
        System.out.printf("ratio driver/floor: wall %.2f, CPU %.2f%n", w / fw, c / fc);
    }

    private static int pollAll(PingDriver driver, List<Device> devices) throws Exception {
        List<CompletableFuture<CheckResult>> checks = new ArrayList<>(devices.size());
        for (Device d : devices) {
            checks.add(driver.check(d, Duration.ofSeconds(60)));
        }
        int ok = 0;
        for (CompletableFuture<CheckResult> c : checks) {
            if (c.get().status() == Status.OK) {
                ok++;
            }
        }
        return ok;
    }

    private static void fpingDirect(List<String> ips) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/fping", "-C", Integer.toString(COUNT), "-q", "-t", Integer.toString(TIMEOUT_MS),
                "-p", Integer.toString(PERIOD_MS), "-i", Integer.toString(INTERVAL_MS), "-r", "0", "-B", "1"));
        cmd.addAll(ips);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("fping did not finish");
        }
    }
}
