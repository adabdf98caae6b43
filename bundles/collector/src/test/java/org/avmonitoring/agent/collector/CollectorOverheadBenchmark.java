package org.avmonitoring.agent.collector;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;

/**
 * The collector's own cost per check, without any I/O: N devices at a 1 s interval served by a driver that answers at
 * once with six metrics, through the production scheduler (one clock thread, a lane per driver type), history and a listener. Prints process CPU per
 * check (median of 5 windows of 5 s), the checks done per second, and the heap the collector holds (after a GC).
 *
 * <pre>
 * mvn -B -q -f bundles/collector/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.avmonitoring.agent.collector.CollectorOverheadBenchmark -Dexec.args="10000"
 * </pre>
 */
public final class CollectorOverheadBenchmark {
    private CollectorOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long heapBefore = heapAfterGc();
        ClockScheduler scheduler = new ClockScheduler();
        DriverRegistry drivers = new DriverRegistry();
        ResultPublisher publisher = new ResultPublisher();
        LongAdder published = new LongAdder();
        publisher.add((device, result, previous) -> published.increment());
        drivers.add(new DriverRegistry.Entry("fake", new FakeInstantDriver(), 0, 1, "1.0.0"));
        Collector collector = new Collector(scheduler, drivers, publisher,
                new Collector.Settings(2000, 5000, 1440, 16L << 20),
                new MaintenanceBook(null, java.time.Instant.EPOCH), new TrendStore());
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            devices.add(new Device("d" + i, null, "fake", "127.1." + (i / 250) + "." + (i % 250 + 1), null, 1, true,
                    DeviceSource.LOCAL, Map.of()));
        }
        collector.apply(new SiteConfig(new SiteSettings("bench", Secret.empty(), "", 1, 300, 60, 300), devices,
                Map.of(), Map.of()));
        TimeUnit.SECONDS.sleep(5);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> perCheckUs = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            long cpu0 = os.getProcessCpuTime();
            long c0 = published.sum();
            TimeUnit.SECONDS.sleep(5);
            long cpu1 = os.getProcessCpuTime();
            long c1 = published.sum();
            perCheckUs.add((cpu1 - cpu0) / 1000.0 / (c1 - c0));
            System.out.printf(Locale.ROOT, "window %d: %d checks/s, %.1f us CPU per check%n", w, (c1 - c0) / 5,
                    perCheckUs.get(w));
        }
        System.out.printf(Locale.ROOT, "heap held by the collector with %d devices (latest result with 7 metrics, "
                + "history full size, timers): %.1f MB, %d bytes per device%n", n, (heapAfterGc() - heapBefore) / 1e6,
                (heapAfterGc() - heapBefore) / n);
        perCheckUs.sort(null);
        System.out.printf(Locale.ROOT, "%d devices at 1 s: median %.1f us of CPU per check (collector, no I/O)%n", n,
                perCheckUs.get(2));
        collector.close();
        scheduler.shutdown();
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Answers at once, like a driver with its reply already in hand. */
    private static final class FakeInstantDriver implements org.avmonitoring.agent.api.driver.DeviceDriver {
        @Override
        public CompletableFuture<CheckResult> check(Device device, java.time.Duration deadline) {
            return CompletableFuture.completedFuture(CheckResult.builder(Instant.now()).latencyMs(0.2)
                    .metric("power", "on").metric("input", "31").metric("lamp_hours", 1200).metric("error_fan", "ok")
                    .metric("error_lamp", "ok").metric("filter_hours", 300).build());
        }

        @Override
        public List<org.avmonitoring.agent.api.ValidationProblem> validate(Device device) {
            return List.of();
        }
    }
}
