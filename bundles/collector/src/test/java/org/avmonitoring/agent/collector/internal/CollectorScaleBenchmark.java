package org.avmonitoring.agent.collector.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.avmonitoring.agent.testing.pjlink.Fault;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;
import org.avmonitoring.agent.testing.snmp.SnmpdProcess;
import org.avmonitoring.agent.testing.support.Await;

/**
 * One agent (the assembled installation tree, run as a process with its default JVM options) polling N devices at a
 * 15 s interval, a third each ping (fping), SNMP (one snmpd listening on N/3 loopback addresses) and PJLink (one
 * simulator thread serving N/3 loopback addresses), reporting every result to a backend simulator as in production,
 * everything on 127.0.0.0/8. Measures, from outside the agent:
 * idle CPU with no device; then, with every device healthy, checks per device per interval, the spread of start
 * times, agent CPU per check (the JVM's, and with its fping children), heap after a full GC, resident memory; then the
 * same with PJLink replies delayed 50-500 ms and 10 % of the devices silent (2 s deadline).
 *
 * <pre>
 * mvn -B -q -f bundles/collector/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.avmonitoring.agent.collector.internal.CollectorScaleBenchmark -Dexec.args="10000"
 * </pre>
 * {@code -Dbench.javaOpts=...} replaces the agent's default JVM options (JAVA_OPTS); {@code -Dbench.healthyOnly=true}
 * skips the slow+silent phase; {@code -Dbench.asyncProfiler=/path/libasyncProfiler.so} profiles the agent's CPU in each
 * window (collapsed stacks written beside the agent's log; the profiler's own cost is then in the CPU figure;
 * {@code -Dbench.profilerEvent=alloc} profiles allocations instead); with
 * {@code -XX:NativeMemoryTracking=summary} in the agent's options, its native memory is printed too;
 * {@code -Dbench.heapDump=/tmp/agent.hprof} writes a heap dump after the healthy window.
 * Arguments: [devices=10000] [installation tree, by default launcher/target/avmonitoring-agent]. Bundles missing from the
 * tree (collector, drivers) are taken from the local Maven repository and dropped into the hot-deploy folder.
 * Takes about 5 minutes; run it alone, never in a loop.
 */
public final class CollectorScaleBenchmark {
    private static final int INTERVAL_S = 15;
    private static final int WINDOW_INTERVALS = 3;
    private static final Pattern DEVICE_CHECKS =
            Pattern.compile("^avmonitoring_device_checks_total\\{id=\"([^\"]+)\",type=\"([^\"]+)\"} (\\d+)$", Pattern.MULTILINE);
    private static final Pattern DEVICE_AGE =
            Pattern.compile("^avmonitoring_device_last_check_age_seconds\\{id=\"([^\"]+)\",type=\"[^\"]+\"} ([0-9.Ee+-]+)$",
                    Pattern.MULTILINE);
    private static final Pattern DEVICE_STATUS =
            Pattern.compile("^avmonitoring_device_status\\{id=\"([^\"]+)\",type=\"([^\"]+)\"} (\\d)$", Pattern.MULTILINE);

    private final int devices;
    private final Path tree;
    private final Path work;
    private final int httpPort;
    private Process agent;
    private BackendSimulator backend;

    private CollectorScaleBenchmark(int devices, Path tree) throws IOException {
        this.devices = devices;
        this.tree = tree;
        this.work = Files.createTempDirectory("avm-collector-bench");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            this.httpPort = s.getLocalPort();
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path tree = args.length > 1 ? Paths.get(args[1])
                : Stream.of("launcher/target/avmonitoring-agent", "../../launcher/target/avmonitoring-agent")
                .map(Paths::get).filter(Files::isDirectory).findFirst().orElseThrow(
                        () -> new IllegalStateException("no installation tree: build the launcher module first"));
        tree = tree.toAbsolutePath().normalize();
        new CollectorScaleBenchmark(n, tree).run();
    }

    /** Device i: ping on 127.2.x.y, SNMP on 127.4.x.y, PJLink on 127.3.x.y (x.y from i / 3). */
    private static String host(int net, int k) {
        return "127." + net + "." + (k / 250) + "." + (k % 250 + 1);
    }

    private void run() throws Exception {
        int perType = devices / 3;
        int pjPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            pjPort = s.getLocalPort();
        }
        int snmpPort = SnmpdProcess.freeUdpPort();
        int deadSnmpPort = SnmpdProcess.freeUdpPort();
        SnmpdProcess.Builder sb = SnmpdProcess.builder().community("bench-ro");
        for (int k = 0; k < perType; k++) {
            sb.listen(new InetSocketAddress(host(4, k), snmpPort));
        }
        System.out.printf(Locale.ROOT, "devices %d (%d ping, %d snmp, %d pjlink) at %d s; starting simulators%n",
                3 * perType, perType, perType, perType, INTERVAL_S);
        try (SnmpdProcess snmpd = sb.start(); ProjectorSimulator pj = new ProjectorSimulator();
             BackendSimulator backend = BackendSimulator.start()) {
            backend.keepBodies(false);
            this.backend = backend;
            List<SimulatedProjector> projectors = new ArrayList<>();
            for (int k = 0; k < perType; k++) {
                projectors.add(pj.add(new SimulatedProjector.Spec().address(host(3, k)).port(pjPort)
                        .idleTimeoutMs(30_000)).power(SimulatedProjector.Power.ON));
            }
            Path config = work.resolve("config.json");
            Path data = work.resolve("data");
            Files.createDirectories(data.resolve("deploy"));
            Path agentHome = prepareTree(data.resolve("deploy"));
            // the PJLink driver's own cap (128 by default) would queue checks once replies are slow
            Files.writeString(data.resolve("deploy").resolve("org.avmonitoring.agent.driver.pjlink.PjLinkDriver.cfg"),
                    "maxConnections=1024\n");
            writeConfig(config, 0, pjPort, snmpPort, deadSnmpPort, Set.of());
            startAgent(agentHome, config, data);
            try {
                Await.until(Duration.ofMillis(60_000), () -> Stream.of("ping", "snmp", "pjlink").allMatch(
                        t -> metrics().contains("avmonitoring_driver_present{type=\"" + t + "\"} 1")), "drivers of all three types");

                // idle: the agent with no device
                long[] c0 = cpuTicks();
                long t0 = System.nanoTime();
                TimeUnit.SECONDS.sleep(20);
                long[] c1 = cpuTicks();
                double idleWall = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "idle (no device, 20 s): %.2f %% of one core%n",
                        100.0 * (c1[0] - c0[0]) / 100.0 / idleWall);

                writeConfig(config, perType, pjPort, snmpPort, deadSnmpPort, Set.of());
                Await.until(Duration.ofMillis(60_000),
                        () -> metrics().contains("avmonitoring_devices_monitored " + 3 * perType + "\n"), "all devices monitored");
                System.out.println("warm-up: 2 intervals");
                TimeUnit.SECONDS.sleep(2L * INTERVAL_S);
                window("healthy", perType, Set.of(), data);
                String dump = System.getProperty("bench.heapDump");
                if (dump != null) {
                    System.out.println(run("jcmd", Long.toString(agent.pid()), "GC.heap_dump", dump).trim());
                }
                if (Boolean.getBoolean("bench.healthyOnly")) {
                    return;
                }

                // latency and silence: PJLink replies delayed 50-500 ms, 10 % of all devices silent
                Random rnd = new Random(42);
                Set<String> silent = new java.util.HashSet<>();
                for (int k = 0; k < perType; k++) {
                    SimulatedProjector p = projectors.get(k);
                    if (k % 20 < 3) {
                        p.faults(Fault.SILENT);
                        silent.add("pj-" + k);
                    } else {
                        p.faults(Fault.SLOW_REPLY).replyDelayMs(50 + rnd.nextInt(451));
                    }
                    if (k % 20 < 3) {
                        silent.add("snmp-" + k);
                    }
                }
                writeConfig(config, perType, pjPort, snmpPort, deadSnmpPort, silent);
                System.out.printf(Locale.ROOT, "slow and silent: %d silent devices; settling 2 intervals%n", silent.size());
                TimeUnit.SECONDS.sleep(2L * INTERVAL_S);
                window("slow+silent", perType, silent, data);
            } finally {
                stopAgent();
                deleteTree(agentHome);
                System.out.println("agent log kept: " + data.resolve("agent.log"));
            }
        }
    }

    private void window(String name, int perType, Set<String> silent, Path data) throws Exception {
        String profiler = System.getProperty("bench.asyncProfiler");
        if (profiler != null) {
            run("jcmd", Long.toString(agent.pid()), "JVMTI.agent_load", profiler,
                    "\"start,event=" + System.getProperty("bench.profilerEvent", "cpu,interval=1ms")
                            + ",threads\""); // quoted: jcmd would parse the '=' itself
        }
        String m0 = metrics();
        int stored0 = backend.storedResultCount();
        long[] c0 = cpuTicks();
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep((long) WINDOW_INTERVALS * INTERVAL_S);
        String m1 = metrics();
        long[] c1 = cpuTicks();
        int stored1 = backend.storedResultCount();
        double wall = (System.nanoTime() - t0) / 1e9;
        if (profiler != null) {
            Path out = data.resolve("profile-" + name + ".collapsed");
            run("jcmd", Long.toString(agent.pid()), "JVMTI.agent_load", profiler,
                    "\"stop,collapsed,file=" + out + "\"");
            System.out.println("CPU profile (async-profiler, collapsed stacks): " + out);
        }

        long checks = scalar(m1, "avmonitoring_checks_total") - scalar(m0, "avmonitoring_checks_total");
        Map<String, Long> before = perDevice(m0);
        Map<String, Long> after = perDevice(m1);
        Map<Long, Integer> deltas = new java.util.TreeMap<>();
        int onTime = 0;
        int others = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            deltas.merge(d, 1, Integer::sum);
            if (!silent.contains(e.getKey())) {
                others++;
                if (d >= WINDOW_INTERVALS) {
                    onTime++;
                }
            }
        }
        int[] spread = new int[INTERVAL_S];
        int late = 0;
        double oldest = 0;
        Matcher am = DEVICE_AGE.matcher(m1);
        while (am.find()) {
            double age = Double.parseDouble(am.group(2));
            if (!silent.contains(am.group(1))) {
                oldest = Math.max(oldest, age);
                // a check counts when it ends: one started up to a deadline (5.5 s at most here) before may not show yet
                if (age > INTERVAL_S + 5.5) {
                    late++;
                }
            }
            spread[(int) Math.floor(((System.currentTimeMillis() / 1000.0 - age) % INTERVAL_S + INTERVAL_S) % INTERVAL_S)]++;
        }
        int spreadMin = Integer.MAX_VALUE;
        int spreadMax = 0;
        for (int c : spread) {
            spreadMin = Math.min(spreadMin, c);
            spreadMax = Math.max(spreadMax, c);
        }
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        Map<String, String> exampleKo = new java.util.TreeMap<>();
        Matcher sm = DEVICE_STATUS.matcher(m1);
        String[] names = {"ok", "warning", "ko", "unknown"};
        while (sm.find()) {
            String status = names[Integer.parseInt(sm.group(3))];
            statuses.merge(sm.group(2) + " " + status, 1, Integer::sum);
            if (!status.equals("ok") && !silent.contains(sm.group(1))) {
                exampleKo.putIfAbsent(sm.group(2), sm.group(1));
            }
        }
        double jvmMs = (c1[0] - c0[0]) * 10.0;
        double withChildrenMs = (c1[0] + c1[1] - c0[0] - c0[1]) * 10.0;
        Map<String, String> mem = memory();
        System.out.printf(Locale.ROOT, "%n== %s: window %.1f s (%d intervals)%n", name, wall, WINDOW_INTERVALS);
        System.out.printf(Locale.ROOT, "checks %d = %.1f/s; per-device checks in the window: %s%n", checks, checks / wall, deltas);
        System.out.printf(Locale.ROOT, "non-silent devices with >= %d checks in the window: %d/%d; at the end, "
                + "last check older than interval + 5.5 s: %d (oldest %.1f s)%n", WINDOW_INTERVALS, onTime, others, late,
                oldest);
        System.out.printf(Locale.ROOT, "start times per second of the interval: min %d, max %d (mean %.0f)%n",
                spreadMin, spreadMax, (double) after.size() / INTERVAL_S);
        System.out.printf(Locale.ROOT, "agent CPU: JVM %.1f %% of one core = %.4f ms per check; with fping children %.4f ms%n",
                100 * jvmMs / 1000 / wall, jvmMs / checks, withChildrenMs / checks);
        System.out.printf(Locale.ROOT, "statuses: %s; in flight now %d%n", statuses, scalar(m1, "avmonitoring_checks_in_flight"));
        System.out.printf(Locale.ROOT, "results stored by the backend simulator in the window: %d%n", stored1 - stored0);
        System.out.printf(Locale.ROOT, "memory: %s%n", mem);
        for (Map.Entry<String, String> e : exampleKo.entrySet()) {
            String view = get("/api/devices/" + e.getValue());
            System.out.printf(Locale.ROOT, "a non-silent %s device not ok: %s%n", e.getKey(),
                    view.substring(0, Math.min(400, view.length())));
        }
    }

    // ---------------------------------------------------------------- the agent process

    /**
     * A private copy of the installation tree in which each of our bundles is the one installed in the local
     * repository (so the benchmark measures the code just built, with the API it was built against); bundles the tree
     * lacks (collector, drivers) go to the hot-deploy folder.
     */
    private Path prepareTree(Path deploy) throws IOException {
        Path copy = work.resolve("agent");
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(tree.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        List<Path> inTree;
        try (Stream<Path> s = Files.walk(copy.resolve("bundles"))) {
            inTree = s.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        Path api = inTree.stream().filter(p -> p.getFileName().toString().startsWith("avmonitoring-api-")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no API jar under " + tree + ": build the launcher module first"));
        String n = api.getFileName().toString();
        String version = n.substring("avmonitoring-api-".length(), n.length() - 4);
        Path repo = Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "avmonitoring");
        for (Path present : inTree) {
            String file = present.getFileName().toString();
            if (file.startsWith("avmonitoring-") && file.endsWith("-" + version + ".jar")) {
                String a = file.substring(0, file.length() - version.length() - 5);
                Files.copy(repo.resolve(a).resolve(version).resolve(file), present, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (String a : List.of("avmonitoring-collector", "avmonitoring-driver-ping", "avmonitoring-driver-snmp",
                "avmonitoring-driver-pjlink")) {
            if (inTree.stream().noneMatch(p -> p.getFileName().toString().startsWith(a + "-"))) {
                Path jar = repo.resolve(a).resolve(version).resolve(a + "-" + version + ".jar");
                Files.copy(jar, deploy.resolve(jar.getFileName()));
                System.out.println("hot-deployed from the local repository: " + jar.getFileName());
            }
        }
        return copy;
    }

    private void writeConfig(Path config, int perType, int pjPort, int snmpPort, int deadSnmpPort, Set<String> silent)
            throws IOException {
        StringBuilder b = new StringBuilder(1 << 20);
        b.append("{\"site_name\":\"bench\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"").append(backend.url())
                .append("\",\"collect_interval_s\":").append(INTERVAL_S).append(",\"devices\":[");
        for (int k = 0; k < perType; k++) {
            if (k > 0) {
                b.append(',');
            }
            b.append("{\"id\":\"ping-").append(k).append("\",\"type\":\"ping\",\"host\":\"").append(host(2, k)).append("\"},");
            String sid = "snmp-" + k;
            b.append("{\"id\":\"").append(sid).append("\",\"type\":\"snmp\",\"host\":\"").append(host(4, k))
                    .append("\",\"port\":").append(silent.contains(sid) ? deadSnmpPort : snmpPort)
                    .append(",\"snmp\":{\"version\":\"2c\",\"community\":\"bench-ro\",\"timeout_ms\":1500,\"retries\":0,")
                    .append("\"interfaces\":false}},");
            b.append("{\"id\":\"pj-").append(k).append("\",\"type\":\"pjlink\",\"host\":\"").append(host(3, k))
                    .append("\",\"port\":").append(pjPort).append(",\"timeout_ms\":1500}");
        }
        b.append("]}\n");
        Path tmp = config.resolveSibling("config.json.tmp");
        Files.writeString(tmp, b.toString());
        Files.move(tmp, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void startAgent(Path home, Path config, Path data) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/avmonitoring-agent").toString(), "--config",
                config.toString(), "--data-dir", data.toString(), "--http-port", Integer.toString(httpPort))
                .redirectErrorStream(true).redirectOutput(data.resolve("agent.log").toFile());
        String opts = System.getProperty("bench.javaOpts");
        if (opts == null) {
            pb.environment().remove("JAVA_OPTS");
        } else {
            pb.environment().put("JAVA_OPTS", opts);
        }
        agent = pb.start();
        System.out.println("agent pid " + agent.pid() + ", log " + data.resolve("agent.log"));
    }

    private void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** utime+stime of the JVM, and cutime+cstime of its finished children (fping), in clock ticks (1/100 s). */
    private long[] cpuTicks() throws IOException {
        String stat = Files.readString(Paths.get("/proc", Long.toString(agent.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    /** Heap used after a full GC (jcmd), resident memory now and at its peak, threads. */
    private Map<String, String> memory() throws IOException, InterruptedException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        run("jcmd", Long.toString(agent.pid()), "GC.run");
        String heap = run("jcmd", Long.toString(agent.pid()), "GC.heap_info");
        long usedK = 0;
        Matcher m = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(heap);
        while (m.find()) {
            usedK += Long.parseLong(m.group(1));
        }
        out.put("heap used after GC", usedK / 1024 + " MB");
        String histogram = run("jcmd", Long.toString(agent.pid()), "GC.class_histogram");
        out.put("largest classes", histogram.lines().skip(3).limit(12)
                .map(l -> l.trim().split("\\s+")).map(f -> f[3] + " " + Long.parseLong(f[2]) / 1024 + " KB")
                .toList().toString());
        String nmt = run("jcmd", Long.toString(agent.pid()), "VM.native_memory", "summary");
        if (nmt.contains("committed=")) { // only when the agent runs with -XX:NativeMemoryTracking=summary
            Matcher c = Pattern.compile("^-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB", Pattern.MULTILINE).matcher(nmt);
            StringBuilder b = new StringBuilder();
            while (c.find()) {
                long mb = Long.parseLong(c.group(2)) / 1024;
                if (mb > 0) {
                    b.append(b.length() == 0 ? "" : ", ").append(c.group(1)).append(' ').append(mb).append(" MB");
                }
            }
            out.put("native memory committed", b.toString());
        }
        for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(agent.pid()), "status"))) {
            if (line.startsWith("VmRSS") || line.startsWith("VmHWM") || line.startsWith("RssAnon")
                    || line.startsWith("RssFile") || line.startsWith("Threads")) {
                String[] kv = line.split(":\\s+");
                out.put(kv[0], kv[1].endsWith("kB") ? Long.parseLong(kv[1].replace(" kB", "").trim()) / 1024 + " MB" : kv[1]);
            }
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private String metrics() {
        return get("/metrics");
    }

    private String get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + httpPort + path).openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(20_000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return "";
        }
    }

    private static long scalar(String metrics, String name) {
        Matcher m = Pattern.compile("^" + name + " (\\d+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static Map<String, Long> perDevice(String metrics) {
        Map<String, Long> out = new HashMap<>();
        Matcher m = DEVICE_CHECKS.matcher(metrics);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(3)));
        }
        return out;
    }
}
