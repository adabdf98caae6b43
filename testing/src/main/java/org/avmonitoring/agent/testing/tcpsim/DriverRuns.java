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
import java.util.function.Predicate;

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
        return pollAll(driver, devices, okWithin60s(ioThread));
    }

    /**
     * How a benchmark polls: whose CPU is the driver's (threads by name, all together), the step timeout of each
     * check, and which results count as answered (the third column).
     */
    public record Poll(Predicate<String> driverThreads, Duration timeout, Predicate<CheckResult> answered) {
    }

    /**
     * Checks every device once, all at once, and waits for the results: {@code [wall ms, CPU ms per device of the
     * driver's threads, answered count]}. Prints the first result that is not answered.
     */
    public static double[] pollAll(DeviceDriver driver, List<Device> devices, Poll poll) throws Exception {
        long cpu0 = cpuNanos(poll.driverThreads());
        long t0 = System.nanoTime();
        List<CompletableFuture<CheckResult>> fs = new ArrayList<>(devices.size());
        for (Device d : devices) {
            fs.add(driver.check(d, poll.timeout()));
        }
        int answered = 0;
        CheckResult firstFailure = null;
        for (CompletableFuture<CheckResult> f : fs) {
            CheckResult r = f.get(poll.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            if (poll.answered().test(r)) {
                answered++;
            } else if (firstFailure == null) {
                firstFailure = r;
            }
        }
        if (firstFailure != null) {
            System.out.println("first result not counted: " + firstFailure);
        }
        double wallMs = (System.nanoTime() - t0) / 1e6;
        return new double[] {wallMs, (cpuNanos(poll.driverThreads()) - cpu0) / 1e6 / devices.size(), answered};
    }

    /** Prints a cold poll and the median of three warm polls of {@code devices}. */
    public static void benchmark(String name, DeviceDriver driver, List<Device> devices, String ioThread)
            throws Exception {
        benchmark(name, driver, devices, okWithin60s(ioThread));
    }

    /** The driver's CPU is the thread named {@code ioThread}'s; checks have 60 s; answered means ok. */
    private static Poll okWithin60s(String ioThread) {
        if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(ioThread))) {
            throw new IllegalStateException("no thread " + ioThread);
        }
        return new Poll(ioThread::equals, Duration.ofSeconds(60), r -> r.status() == Status.OK);
    }

    /** Prints a cold poll and the median of three warm polls of {@code devices}, polled as {@code poll} says. */
    public static void benchmark(String name, DeviceDriver driver, List<Device> devices, Poll poll) throws Exception {
        System.out.printf("%s: %d devices, %d cores, Java %s%n", name, devices.size(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        double[] cold = pollAll(driver, devices, poll);
        System.out.printf("cold poll (with identity): wall %.0f ms, driver CPU %.3f ms/device, %d answered%n",
                cold[0], cold[1], (int) cold[2]);
        double[][] warm = new double[3][];
        for (int i = 0; i < 3; i++) {
            warm[i] = pollAll(driver, devices, poll);
        }
        System.out.printf("warm poll (median of 3): wall %.0f ms, driver CPU %.3f ms/device, %d answered%n",
                median(warm, 0), median(warm, 1), (int) median(warm, 2));
    }

    /** CPU time so far of the live threads whose names pass {@code names}, all together. */
    private static long cpuNanos(Predicate<String> names) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> names.test(t.getName()))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }

    private static double median(double[][] runs, int column) {
        double[] v = Arrays.stream(runs).mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }
}
