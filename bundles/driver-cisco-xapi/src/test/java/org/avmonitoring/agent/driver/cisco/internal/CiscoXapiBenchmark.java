package org.avmonitoring.agent.driver.cisco.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.cisco.CodecSimulator;

/**
 * One poll of 1,000 simulated codecs (HTTPS, pinned certificate, 127.2.x.y) from one driver, then a second poll
 * (TLS sessions and connections reused where the JDK keeps them). Prints wall time and the CPU per device of the
 * driver's threads (the HttpClient's selector thread and the driver's executor, which runs TLS handshake work).
 * Not run by the build (its name does not end in Test):
 * <pre>
 * mvn -B -q -f bundles/driver-cisco-xapi/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.avmonitoring.agent.driver.cisco.internal.CiscoXapiBenchmark [-Dexec.args="1000"]
 * </pre>
 */
public final class CiscoXapiBenchmark {

    private CiscoXapiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (CodecSimulator sim = new CodecSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String host = "127.2." + (i / 250) + "." + (i % 250 + 1);
                devices.add(CiscoTestSupport.device("bench-" + i,
                        sim.add(host, 0, true, CiscoTestSupport.USER, CiscoTestSupport.PASSWORD), sim.certificateSha256(),
                        "timeout_ms", 30000));
            }
            CiscoXapiDriver driver = CiscoTestSupport.startDriver(Map.of());
            try {
                System.out.printf("Cisco xAPI benchmark: %d codecs over HTTPS, %d cores, Java %s%n", count,
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                for (String round : List.of("first poll (TLS handshakes)", "second poll")) {
                    double[] r = pollAll(driver, devices, threads);
                    System.out.printf("%s: wall %.0f ms, driver CPU %.3f ms/device, %d ok%n", round, r[0], r[1], (int) r[2]);
                }
            } finally {
                driver.deactivate();
            }
        }
    }

    /** [wall ms, CPU ms per device of the driver's threads, ok count]. */
    private static double[] pollAll(CiscoXapiDriver driver, List<Device> devices, ThreadMXBean threads) throws Exception {
        long cpu0 = driverCpuNanos(threads);
        long t0 = System.nanoTime();
        List<CompletableFuture<CheckResult>> fs = new ArrayList<>();
        for (Device d : devices) {
            fs.add(driver.check(d, Duration.ofSeconds(120)));
        }
        int ok = 0;
        CheckResult firstFailure = null;
        for (CompletableFuture<CheckResult> f : fs) {
            CheckResult r = f.get(180, TimeUnit.SECONDS);
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
        return new double[] {wallMs, (driverCpuNanos(threads) - cpu0) / 1e6 / devices.size(), ok};
    }

    /** CPU of the driver's threads: the JDK HttpClient's and the driver's own executor's (cisco-xapi-n). */
    private static long driverCpuNanos(ThreadMXBean threads) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") || t.getName().startsWith("cisco-xapi-"))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }
}
