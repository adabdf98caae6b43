package org.avmonitoring.agent.reporter.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.backendhttp.internal.HttpSettings;
import org.avmonitoring.agent.backendhttp.internal.JdkBackendHttp;
import org.avmonitoring.agent.testing.backend.BackendSimulator;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * A 24 h backend outage at 1,000 devices checked every 60 s: 1,440 batches of 1,000 results (the ko cadence) stored
 * in the outbox as fast as the reporter can take them, then the backend (the simulator, in its own JVM so that the
 * heap measured is the reporter's) comes back and the whole outbox is replayed.
 * <p>
 * Prints: time to store, outbox size on disk, replay time and results/s, peak heap used during the replay (sampled
 * every 20 ms). Run it with the production heap, e.g. {@code -Xmx64m -XX:+UseSerialGC} (docs/benchmarks.md).
 * Arguments: {@code [devices] [cycles]} (defaults 1000 1440).
 */
public final class OutboxReplayBenchmark {

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 1440;
        Path dataDir = Files.createTempDirectory("outbox-bench");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        List<Device> fleet = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            fleet.add(new Device("dev-" + i, null, i % 3 == 0 ? "pjlink" : i % 3 == 1 ? "snmp" : "ping",
                    "127.0." + (i / 250) + "." + (i % 250 + 1), null, null, true, DeviceSource.LOCAL, Map.of()));
        }
        SiteConfig config = new SiteConfig(new SiteSettings("Benchmark site", Secret.of("CHANGE-ME"), url, 60, 300, 60,
                300), fleet, null, null);
        ReporterOptions options = new ReporterOptions(200L << 20, Duration.ofMillis(200),
                Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(2), devices);
        OutboxStore outbox = new OutboxStore(dataDir.resolve("outbox"), options.outboxCapBytes());
        Reporter reporter = new Reporter(options, outbox,
                new JdkBackendHttp(new HttpSettings("", "", Duration.ofSeconds(5), Duration.ofSeconds(30))),
                ReporterClock.system(), new BatchAssembler.Identity("bench", "bench-host", () -> 42.0));
        reporter.configure(config);
        reporter.start();

        // 1. the outage: results fed as fast as possible, one batch per simulated minute
        Random rnd = new Random(7);
        Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
        long feedStart = System.nanoTime();
        for (int c = 0; c < cycles; c++) {
            Instant at = t0.plusSeconds(60L * c);
            for (int i = 0; i < devices; i++) {
                ReporterTest.feedResult(reporter, fleet.get(i), result(fleet.get(i).type(), at, rnd), null);
            }
            reporter.sealNow();
        }
        double feedS = (System.nanoTime() - feedStart) / 1e9;
        long results = (long) devices * cycles;
        long onDisk;
        try (Stream<Path> files = Files.list(outbox.dir())) {
            onDisk = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("stored %,d results in %,d batches in %.1f s (%,.0f results/s); outbox on disk %.1f MB"
                        + " (%.1f bytes/result), dropped %d%n", results, outbox.batches(), feedS, results / feedS,
                onDisk / 1e6, (double) onDisk / results, outbox.droppedTotal());

        // 2. the backend returns
        Process sim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), BackendSimulator.class.getName(),
                "--port", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("simulator.log").toFile()).start();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        long replayStart = System.nanoTime();
        sampler.start();
        long deadline = replayStart + TimeUnit.MINUTES.toNanos(15);
        while (outbox.batches() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double replayS = (System.nanoTime() - replayStart) / 1e9;
        sampler.interrupt();
        Map<String, Object> stats = simStats(url);
        long storedResults = ((Number) stats.get("stored_results")).longValue();
        System.out.printf("replayed %,d results (%d batches stored by the backend, %d left) in %.1f s, including the"
                        + " simulator's start: %,.0f results/s; peak heap used %.1f MB (max heap %.0f MB)%n",
                storedResults, stats.get("stored"), outbox.batches(), replayS,
                storedResults / replayS, peakHeap.get() / 1e6,
                memory.getHeapMemoryUsage().getMax() / 1e6);
        reporter.close();
        sim.destroy();
        sim.waitFor(10, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A plausible result: a few metrics per driver type, about one device in fifty ko. */
    static CheckResult result(String type, Instant at, Random rnd) {
        boolean ko = rnd.nextInt(50) == 0;
        CheckResult.Builder b = CheckResult.builder(at).latencyMs(0.5 + rnd.nextInt(400) / 10.0);
        switch (type) {
            case "pjlink" -> b.metric("power", ko ? "off" : "on").metric("lamp_hours", 1000 + rnd.nextInt(2000))
                    .metric("input", "31").metric("error_status", Map.of("fan", "0", "lamp", "0", "temp", "0"));
            case "snmp" -> b.metric("sys_uptime_s", rnd.nextInt(5_000_000)).metric("if_in_octets", rnd.nextLong() >>> 20)
                    .metric("temperature_c", 30 + rnd.nextInt(200) / 10.0);
            default -> b.metric("packet_loss_pct", ko ? 100 : 0);
        }
        if (ko) {
            b.fail("no answer within 3000 ms");
        }
        return b.build();
    }

    private static Map<String, Object> simStats(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_sim/stats"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.std.mapFrom(r.body());
    }

    private OutboxReplayBenchmark() {
    }

    static {
        // the benchmark's own status output must not be drowned by the reporter's debug lines
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
}
