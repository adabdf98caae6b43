package org.avmonitoring.agent.driver.snmp.internal;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.snmp.RunCost;
import org.avmonitoring.agent.testing.snmp.SnmpdProcess;

/**
 * One poll of 1,000 SNMP devices: {@code AGENTS} snmpd processes on loopback, each answering on 250 addresses
 * 127.30.a.b, polled through the driver (v2c and v3 authPriv SHA-256/AES; system group only, then the full default
 * profile with the IF-MIB walk), beside the floor: {@code snmpget} for the same OIDs over the same addresses, 4 at a time.
 *
 * <pre>
 * mvn -B -q -f bundles/driver-snmp/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp bundles/driver-snmp/target/test-classes:bundles/driver-snmp/target/classes:$(cat bundles/driver-snmp/target/cp.txt) \
 *     org.avmonitoring.agent.driver.snmp.internal.SnmpBenchmark [devices] [runs] [only] [checks per second]
 * </pre>
 * {@code only}: run just the scenarios whose name contains it (e.g. "v2c system"), without the floors. Each scenario
 * also prints its Java threads' CPU and allocation per check (ThreadCost): fewer devices than polls in flight (256)
 * keep every check's start on the calling thread, as in the agent. {@code checks per second}: start the checks of
 * a poll at that pace rather than all at once, so that each one wakes the threads involved as in the agent (which
 * checks 333 SNMP devices at 15 s: 22 per second).
 */
public final class SnmpBenchmark {
    static final int AGENTS = 4;
    static final String COMMUNITY = "bench-CHANGE-ME";
    static final String AUTH = "bench-auth-CHANGE-ME";
    static final String PRIV = "bench-priv-CHANGE-ME";
    static final int FLOOR_PARALLEL = 4;

    private SnmpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String only = args.length > 2 ? args[2] : null;
        pace = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        int port = SnmpdProcess.freeUdpPort();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            addresses.add(new InetSocketAddress(InetAddress.getByName("127.30." + (i / 250) + "." + (i % 250 + 1)), port));
        }
        List<SnmpdProcess> agents = new ArrayList<>();
        SnmpDriver driver = new SnmpDriver();
        try {
            int perAgent = (devices + AGENTS - 1) / AGENTS;
            for (int a = 0; a * perAgent < devices; a++) {
                SnmpdProcess.Builder b = SnmpdProcess.builder().community(COMMUNITY).user("bench", "SHA-256", AUTH, "AES", PRIV);
                addresses.subList(a * perAgent, Math.min(devices, (a + 1) * perAgent)).forEach(b::listen);
                agents.add(b.start());
            }
            driver.activate(SnmpDriverTest.config(256));
            System.out.printf("SNMP benchmark: %d devices on %d snmpd processes (loopback), %d runs, %d cores%n",
                    devices, agents.size(), runs, Runtime.getRuntime().availableProcessors());
            Map<String, Object> v2 = Map.of("version", "2c", "community", COMMUNITY);
            Map<String, Object> v3 = Map.of("version", "3", "user", "bench", "auth_protocol", "SHA256", "auth_password", AUTH,
                    "priv_protocol", "AES", "priv_password", PRIV);
            if (only != null) {
                for (String name : List.of(V2_SYSTEM, V2_FULL, V3_SYSTEM, V3_FULL)) {
                    if (name.contains(only)) {
                        scenario(driver, name, addresses, with(name.startsWith("v3") ? v3 : v2, name.contains("profile")), runs);
                    }
                }
                return;
            }
            double v2System = scenario(driver, V2_SYSTEM, addresses, with(v2, false), runs);
            double v2Full = scenario(driver, V2_FULL, addresses, with(v2, true), runs);
            double v3System = scenario(driver, V3_SYSTEM, addresses, with(v3, false), runs);
            double v3Full = scenario(driver, V3_FULL, addresses, with(v3, true), runs);
            double[] floor2 = floor(addresses, List.of("-v2c", "-c", COMMUNITY), runs);
            double[] floor3 = floor(addresses, List.of("-v3", "-l", "authPriv", "-u", "bench", "-a", "SHA-256", "-A", AUTH,
                    "-x", "AES", "-X", PRIV), runs);
            System.out.printf("floor snmpget v2c (%d at a time): wall %.0f ms, CPU %.0f ms (%.3f ms/device)%n",
                    FLOOR_PARALLEL, floor2[0], floor2[1], floor2[1] / devices);
            System.out.printf("floor snmpget v3 (%d at a time): wall %.0f ms, CPU %.0f ms (%.3f ms/device)%n",
                    FLOOR_PARALLEL, floor3[0], floor3[1], floor3[1] / devices);
            System.out.printf("ratio driver/floor, system group: v2c wall %.2f CPU %.2f; v3 wall %.2f CPU %.2f%n",
                    v2System / floor2[0], LAST_CPU.get(V2_SYSTEM) / floor2[1],
                    v3System / floor3[0], LAST_CPU.get(V3_SYSTEM) / floor3[1]);
            System.out.printf("ratio driver/floor, default profile: v2c wall %.2f CPU %.2f; v3 wall %.2f CPU %.2f%n",
                    v2Full / floor2[0], LAST_CPU.get(V2_FULL) / floor2[1],
                    v3Full / floor3[0], LAST_CPU.get(V3_FULL) / floor3[1]);
        } finally {
            driver.deactivate();
            agents.forEach(SnmpdProcess::close);
        }
    }

    private static final String V2_SYSTEM = "v2c system group";
    private static final String V2_FULL = "v2c default profile (system + IF-MIB walk)";
    private static final String V3_SYSTEM = "v3 authPriv system group";
    private static final String V3_FULL = "v3 authPriv default profile";
    private static final Map<String, Double> LAST_CPU = new LinkedHashMap<>();
    private static long lastInterfaces;
    /** Checks started per second, 0 for all at once. */
    private static double pace;

    private static Map<String, Object> with(Map<String, Object> base, boolean interfaces) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put("interfaces", interfaces);
        m.put("timeout_ms", 3000);
        m.put("retries", 1);
        return m;
    }

    /** Median wall ms of {@code runs} polls of every device (after one warm-up poll); prints the figures. */
    private static double scenario(SnmpDriver driver, String name, List<InetSocketAddress> addresses, Map<String, Object> snmp,
                                   int runs) throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            InetSocketAddress a = addresses.get(i);
            devices.add(new Device(name.hashCode() + "-" + i, null, "snmp", a.getAddress().getHostAddress(), a.getPort(),
                    null, true, null, Map.of("snmp", snmp)));
        }
        pollAll(driver, devices);
        List<Double> wall = new ArrayList<>(), cpu = new ArrayList<>();
        List<ThreadCost.Figures> threads = new ArrayList<>();
        int peak = 0;
        int before = 0;
        int ok = 0;
        for (int r = 0; r < runs; r++) {
            RunCost cost = RunCost.start();
            ThreadCost threadCost = ThreadCost.start();
            ok = pollAll(driver, devices);
            threads.add(threadCost.stop());
            RunCost.Figures f = cost.stop();
            wall.add(f.wallMs());
            cpu.add(f.jvmCpuMs());
            peak = Math.max(peak, f.peakThreads());
            before = f.threadsBefore();
        }
        double w = RunCost.median(wall), c = RunCost.median(cpu);
        LAST_CPU.put(name, c);
        System.out.printf("driver %s: %d/%d ok, %d interface rows, wall %.0f ms (min %.0f, max %.0f), CPU %.0f ms (%.3f ms/device),"
                + " processes 0, threads %d before -> peak %d%n", name, ok, devices.size(), lastInterfaces, w,
                wall.stream().mapToDouble(Double::doubleValue).min().orElse(0), wall.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                c, c / devices.size(), before, peak);
        // The run whose Java threads' CPU is the median; allocation hardly varies between runs.
        threads.sort(java.util.Comparator.comparingLong(ThreadCost.Figures::cpuNs));
        ThreadCost.Figures t = threads.get(threads.size() / 2);
        double n = devices.size();
        System.out.printf("  per check, Java threads: CPU %.4f ms (caller %.4f, SNMP4J receive %.4f, other %.4f),"
                + " allocated %.0f B (caller %.0f, receive %.0f, other %.0f)%n", t.cpuNs() / n / 1e6, t.callerCpuNs() / n / 1e6,
                t.receiveCpuNs() / n / 1e6, t.otherCpuNs() / n / 1e6, t.bytes() / n, t.callerBytes() / n, t.receiveBytes() / n,
                t.otherBytes() / n);
        return w;
    }

    private static int pollAll(SnmpDriver driver, List<Device> devices) throws Exception {
        List<CompletableFuture<CheckResult>> checks = new ArrayList<>(devices.size());
        long start = System.nanoTime();
        for (Device d : devices) {
            if (pace > 0) {
                long due = start + (long) (checks.size() * 1e9 / pace);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            checks.add(driver.check(d, Duration.ofSeconds(60)));
        }
        int ok = 0;
        long interfaces = 0;
        for (CompletableFuture<CheckResult> c : checks) {
            CheckResult r = c.get();
            if (r.status() == Status.OK) {
                ok++;
            }
            interfaces += r.metrics().get("if_count") instanceof Number n ? n.longValue() : 0;
        }
        lastInterfaces = interfaces;
        return ok;
    }

    /** snmpget of sysUpTime and sysName for every address, FLOOR_PARALLEL processes at a time (xargs -P). */
    private static double[] floor(List<InetSocketAddress> addresses, List<String> security, int runs) throws Exception {
        StringBuilder targets = new StringBuilder();
        for (InetSocketAddress a : addresses) {
            targets.append("udp:").append(a.getAddress().getHostAddress()).append(':').append(a.getPort()).append('\n');
        }
        List<String> cmd = new ArrayList<>(List.of("xargs", "-P", Integer.toString(FLOOR_PARALLEL), "-I{}", "snmpget"));
        cmd.addAll(security);
        cmd.addAll(List.of("-t", "3", "-r", "1", "-m", "", "-Oqv", "{}", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.5.0"));
        List<Double> wall = new ArrayList<>(), cpu = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            RunCost cost = RunCost.start();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(targets.toString().getBytes(StandardCharsets.US_ASCII));
            }
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("snmpget floor failed: exit " + (p.isAlive() ? "timeout" : p.exitValue()));
            }
            RunCost.Figures f = cost.stop();
            wall.add(f.wallMs());
            cpu.add(f.childCpuMs());
        }
        return new double[] {RunCost.median(wall), RunCost.median(cpu)};
    }
}
