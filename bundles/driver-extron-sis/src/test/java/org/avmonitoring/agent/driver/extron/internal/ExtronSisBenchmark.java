package org.avmonitoring.agent.driver.extron.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.extron.ExtronSimulator;
import org.avmonitoring.agent.testing.extron.SimulatedSwitcher;

/**
 * One poll of 1,000 simulated Extron devices (127.3.x.y, one in four with a password) from one driver, three times.
 * Prints wall time and the CPU per device of the driver's I/O thread. Not run by the build:
 * <pre>
 * mvn -B -q -f bundles/driver-extron-sis/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.avmonitoring.agent.driver.extron.internal.ExtronSisBenchmark [-Dexec.args="1000"]
 * </pre>
 */
public final class ExtronSisBenchmark {

    private ExtronSisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ExtronSimulator sim = new ExtronSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedSwitcher s = sim.add("127.3." + (i / 250) + "." + (i % 250 + 1), 0);
                boolean pw = i % 4 == 0;
                if (pw) {
                    s.passwords("bench-pw", null);
                }
                devices.add(pw ? ExtronSisDriverTest.device("bench-" + i, s, "password", "bench-pw", "timeout_ms", 30000)
                        : ExtronSisDriverTest.device("bench-" + i, s, "timeout_ms", 30000));
            }
            ExtronSisDriver driver = new ExtronSisDriver();
            driver.activate();
            Thread io = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("extron-sis-io"))
                    .findFirst().orElseThrow();
            try {
                System.out.printf("Extron SIS benchmark: %d devices, %d cores, Java %s%n", count,
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                for (int round = 1; round <= 3; round++) {
                    long cpu0 = threads.getThreadCpuTime(io.getId());
                    long t0 = System.nanoTime();
                    List<CompletableFuture<CheckResult>> fs = new ArrayList<>();
                    for (Device d : devices) {
                        fs.add(driver.check(d, Duration.ofSeconds(120)));
                    }
                    int ok = 0;
                    for (CompletableFuture<CheckResult> f : fs) {
                        CheckResult r = f.get(180, TimeUnit.SECONDS);
                        if (r.status() == Status.OK) {
                            ok++;
                        } else if (ok == 0) {
                            System.out.println("not ok: " + r);
                        }
                    }
                    System.out.printf("poll %d: wall %.0f ms, driver CPU %.3f ms/device, %d ok%n", round,
                            (System.nanoTime() - t0) / 1e6,
                            (threads.getThreadCpuTime(io.getId()) - cpu0) / 1e6 / count, ok);
                }
            } finally {
                driver.deactivate();
            }
        }
    }
}
