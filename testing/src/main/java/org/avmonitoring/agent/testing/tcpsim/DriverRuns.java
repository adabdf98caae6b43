package org.avmonitoring.agent.testing.tcpsim;

import java.lang.annotation.Annotation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.driver.DeviceDriver;

/** What tests and benchmarks of a driver against these simulators need: configs, devices, waits, timed polls. */
public final class DriverRuns {

    private DriverRuns() {
    }

    /** A component configuration as SCR would build it: the given values, the annotation's defaults for the rest. */
    public static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType": return type;
                case "hashCode": return System.identityHashCode(proxy);
                case "equals": return proxy == args[0];
                case "toString": return type.getSimpleName() + values;
                default: return values.getOrDefault(method.getName(), method.getDefaultValue());
            }
        }));
    }

    /** A local device of {@code type} with settings given as key, value, key, value... */
    public static Device device(String id, String type, String host, int port, Object... settings) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            s.put((String) settings[i], settings[i + 1]);
        }
        return new Device(id, null, type, host, port, 60, true, DeviceSource.LOCAL, s);
    }

    /** Waits up to 10 s for {@code condition}, checking every 10 ms. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Checks every device once, all at once, and waits for the results: {@code [wall ms, CPU ms per device of the
     * thread named ioThread, ok count]}. Prints the first result that is not ok.
     */
    public static double[] pollAll(DeviceDriver driver, List<Device> devices, String ioThread) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long io = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(ioThread)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no thread " + ioThread)).getId();
        long cpu0 = threads.getThreadCpuTime(io);
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
        return new double[] {wallMs, (threads.getThreadCpuTime(io) - cpu0) / 1e6 / devices.size(), ok};
    }

    /** Prints a cold poll and the median of three warm polls of {@code devices}. */
    public static void benchmark(String name, DeviceDriver driver, List<Device> devices, String ioThread)
            throws Exception {
        System.out.printf("%s: %d devices, %d cores, Java %s%n", name, devices.size(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        double[] cold = pollAll(driver, devices, ioThread);
        System.out.printf("cold poll (with identity): wall %.0f ms, driver CPU %.3f ms/device, %d ok%n",
                cold[0], cold[1], (int) cold[2]);
        double[][] warm = new double[3][];
        for (int i = 0; i < 3; i++) {
            warm[i] = pollAll(driver, devices, ioThread);
        }
        System.out.printf("warm poll (median of 3): wall %.0f ms, driver CPU %.3f ms/device, %d ok%n",
                median(warm, 0), median(warm, 1), (int) median(warm, 2));
    }

    private static double median(double[][] runs, int column) {
        double[] v = Arrays.stream(runs).mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }
}
