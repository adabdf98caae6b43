package org.avmonitoring.agent.driver.tesira.internal;

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
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.tesira.TesiraSimulator;
import org.avmonitoring.agent.testing.tesira.SimulatedTesira;

/**
 * One poll of 1,000 simulated Tesiras (127.3.x.y:2323, one in ten with a minor
 * fault; a poll is the Telnet refusal, the banner and four commands) from
 * one driver, then the median of three more: wall time and the CPU of the driver's I/O thread per device. Not a
 * test (surefire runs *Test classes only); see docs/benchmarks.md for the command.
 */
public final class TesiraBenchmark {
    private TesiraBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (TesiraSimulator sim = new TesiraSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedTesira c = sim.add("127.3." + (i / 250) + "." + (i % 250 + 1), 2323);
                Map<String, Object> settings = Map.of();
                if (i % 10 == 0) {
                    c.faults(new SimulatedTesira.ActiveFault(SimulatedTesira.Severity.MINOR, "FAULT_X", "bench"));
                }
                devices.add(new Device("dsp-" + i, null, "tesira", c.address().getAddress().getHostAddress(), 2323, null,
                        true, DeviceSource.LOCAL, settings));
            }
            TesiraDriver driver = new TesiraDriver();
            driver.activate();
            try {
                long io = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("tesira-io"))
                        .findFirst().orElseThrow().getId();
                System.out.printf("Tesira benchmark: %d Tesiras, %d cores, Java %s%n", count,
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                double[] first = pollAll(driver, devices, io);
                System.out.printf("first poll: wall %.0f ms, driver CPU %.3f ms/device, %d answered (ok or warning)%n", first[0], first[1], (int) first[2]);
                double[][] more = {pollAll(driver, devices, io), pollAll(driver, devices, io), pollAll(driver, devices, io)};
                java.util.Arrays.sort(more, (a, b) -> Double.compare(a[1], b[1]));
                System.out.printf("median of 3 more: wall %.0f ms, driver CPU %.3f ms/device, %d answered (ok or warning)%n", more[1][0],
                        more[1][1], (int) more[1][2]);
            } finally {
                driver.deactivate();
            }
        }
    }

    /** [wall ms, I/O thread CPU ms per device, count of ok or warning]. */
    static double[] pollAll(TesiraDriver driver, List<Device> devices, long ioThread) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getThreadCpuTime(ioThread);
        long t0 = System.nanoTime();
        List<CompletableFuture<CheckResult>> fs = new ArrayList<>();
        for (Device d : devices) {
            fs.add(driver.check(d, Duration.ofSeconds(60)));
        }
        int ok = 0;
        for (CompletableFuture<CheckResult> f : fs) {
            CheckResult r = f.get(120, TimeUnit.SECONDS);
            if (r.status() != Status.KO) {
                ok++;
            } else if (ok == 0) {
                System.out.println("not ok: " + r);
            }
        }
        return new double[] {(System.nanoTime() - t0) / 1e6,
            (threads.getThreadCpuTime(ioThread) - cpu0) / 1e6 / devices.size(), ok};
    }
}
