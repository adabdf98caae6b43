package org.avmonitoring.agent.testing.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The central backend as the agent sees it, on 127.0.0.1: {@code POST /ingest} records every batch (decompressed,
 * with its headers) and {@code GET /config/{token}} serves the configuration set for that token. Faults can be
 * switched at any time, from a test or over HTTP ({@code POST /_sim/fault?mode=...}, see {@link #main}).
 * <p>
 * Faults apply to both endpoints, except the size limit (ingest only). The status fault wins over flakiness;
 * the delay of {@link #slow} comes first and combines with everything.
 */
public final class BackendSimulator implements AutoCloseable {
    static {
        // Without TCP_NODELAY the JDK server's answers meet the client's delayed ACK: about 40 ms lost per request,
        // which would make the simulator, not the agent, the bottleneck of every replay. Read once per JVM, so it is
        // set before the first server is created (unless the command line chose otherwise).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Bodies larger than this (decompressed) are refused: the simulator itself stays bounded. */
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    /** Bodies as maps and lists, nulls kept (as the agent's own JSON code reads them). */
    private final JSON json = JSON.builder()
            .disable(JSON.Feature.USE_DEFERRED_MAPS)
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES)
            .build();
    private final InetSocketAddress requested;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "backend-simulator");
        t.setDaemon(true);
        return t;
    });
    private final List<Ingest> ingests = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> configRequests = new CopyOnWriteArrayList<>();
    private final Set<String> storedBatchIds = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> configs = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    private volatile HttpServer server;
    private volatile int port;
    private volatile Set<String> acceptedTokens = Set.of();
    private volatile int failStatus;
    private volatile int retryAfterS = -1;
    private volatile long delayMs;
    private volatile double flakyShare;
    private volatile Random flakyRandom = new Random(1);
    private volatile int maxIngestBytes;
    private volatile boolean keepBodies = true;

    private final SSLContext tls;

    private BackendSimulator(InetSocketAddress address, SSLContext tls) {
        this.requested = address;
        this.tls = tls;
    }

    /** Starts on 127.0.0.1 and a free port. */
    public static BackendSimulator start() throws IOException {
        return start(0);
    }

    public static BackendSimulator start(int port) throws IOException {
        return start(port, null);
    }

    /** With {@code tls} non-null, serves HTTPS with that context's key (a test certificate). */
    public static BackendSimulator start(int port, SSLContext tls) throws IOException {
        BackendSimulator sim = new BackendSimulator(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), tls);
        sim.listen();
        return sim;
    }

    /** {@code http://127.0.0.1:<port>} (or https): the agent's {@code backend_url}. */
    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    // ---- what was received

    /** Every ingest, in arrival order, whatever was answered. */
    public List<Ingest> ingests() {
        return List.copyOf(ingests);
    }

    /** The ingests answered 2xx that were not duplicates: what the backend stored, in order. */
    public List<Ingest> stored() {
        return ingests.stream().filter(i -> i.accepted() && !i.duplicate()).toList();
    }

    public int storedResultCount() {
        return stored().stream().mapToInt(Ingest::resultCount).sum();
    }

    /** Headers of every config request, in order (names in lower case). */
    public List<Map<String, List<String>>> configRequests() {
        return List.copyOf(configRequests);
    }

    public void clearRecords() {
        ingests.clear();
        configRequests.clear();
    }

    // ---- what it serves

    /** The body of {@code GET /config/{token}}; null removes it (then 404). */
    public void setConfig(String token, String body) {
        if (body == null) {
            configs.remove(token);
        } else {
            configs.put(token, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** False to record only the figures of each ingest, not its body (long runs, benchmarks). */
    public void keepBodies(boolean keep) {
        keepBodies = keep;
    }

    /** Ingests whose {@code X-Site-Token} is not one of these get 401; none given (the default) accepts any. */
    public void acceptTokens(String... tokens) {
        acceptedTokens = Set.of(tokens);
    }

    // ---- faults

    /** Closes the listening socket (connections are refused) or opens it again on the same port. */
    public void refuseConnections(boolean refuse) throws IOException {
        synchronized (lock) {
            if (refuse && server != null) {
                server.stop(0);
                server = null;
                awaitRefused();
            } else if (!refuse && server == null) {
                listen();
            }
        }
    }

    /** The JDK closes the listening socket a little after stop() returns: wait until connects really fail. */
    private void awaitRefused() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            } catch (IOException refused) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IOException("port " + port + " still accepts connections after the simulator stopped");
    }

    /** Every request is answered with this status (500, 401, 403, 503...); 0 ends it. */
    public void failWith(int status) {
        failWith(status, -1);
    }

    /** Same, with a {@code Retry-After} header in seconds (for 503 and 429); negative for none. */
    public void failWith(int status, int retryAfterSeconds) {
        this.retryAfterS = retryAfterSeconds;
        this.failStatus = status;
    }

    /** Waits this long before answering (a slow or overloaded backend). */
    public void slow(Duration delay) {
        this.delayMs = delay.toMillis();
    }

    /** This share (0..1) of requests is answered 500, drawn from a seeded random sequence. */
    public void flaky(double share, long seed) {
        this.flakyRandom = new Random(seed);
        this.flakyShare = share;
    }

    /** Ingest bodies larger than this many bytes on the wire get 413; 0 ends it. */
    public void rejectAbove(int bytes) {
        this.maxIngestBytes = bytes;
    }

    /** Ends every fault (and connections are accepted again). */
    public void heal() throws IOException {
        failWith(0);
        slow(Duration.ZERO);
        flaky(0, 1);
        rejectAbove(0);
        refuseConnections(false);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
        executor.shutdownNow();
    }

    // ---- serving

    private void listen() throws IOException {
        InetSocketAddress address = port == 0 ? requested : new InetSocketAddress(requested.getAddress(), port);
        HttpServer s;
        if (tls == null) {
            s = HttpServer.create(address, 50);
        } else {
            HttpsServer https = HttpsServer.create(address, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            s = https;
        }
        s.setExecutor(executor);
        s.createContext("/ingest", this::ingest);
        s.createContext("/config/", this::config);
        s.createContext("/_sim/", this::control);
        s.start();
        port = s.getAddress().getPort();
        server = s;
    }

    private void ingest(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] wire = readBounded(ex.getRequestBody(), MAX_BODY_BYTES);
            int fault = fault();
            Map<String, Object> body = decode(ex, wire);
            Map<String, List<String>> headers = lowerCase(ex);
            int status;
            if (!"POST".equals(ex.getRequestMethod())) {
                status = 405;
            } else if (fault != 0) {
                status = fault;
            } else if (!acceptedTokens.isEmpty() && !acceptedTokens.contains(ex.getRequestHeaders().getFirst("X-Site-Token"))) {
                status = 401;
            } else if (maxIngestBytes > 0 && wire.length > maxIngestBytes) {
                status = 413;
            } else if (body == null) {
                status = 400;
            } else {
                status = 200;
            }
            boolean duplicate = false;
            if (status == 200) {
                duplicate = !storedBatchIds.add(batchId(body, ""));
            }
            ingests.add(new Ingest(Instant.now(), headers, wire.length, body == null ? null : batchId(body, null),
                    body == null ? 0 : resultCount(body), keepBodies ? body : null, status, duplicate));
            answer(ex, status, status == 200 ? "{\"stored\":" + !duplicate + "}" : "{\"error\":\"simulated " + status + "\"}");
        }
    }

    private void config(HttpExchange ex) throws IOException {
        try (ex) {
            configRequests.add(lowerCase(ex));
            int fault = fault();
            String token = ex.getRequestURI().getPath().substring("/config/".length());
            byte[] body = configs.get(token);
            if (fault != 0) {
                answer(ex, fault, "{\"error\":\"simulated " + fault + "\"}");
            } else if (body == null) {
                answer(ex, 404, "{\"error\":\"no configuration for this site\"}");
            } else {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        }
    }

    /** The status a fault imposes on this request, 0 for none; sleeps first when the backend is slow. */
    private int fault() {
        long delay = delayMs;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failStatus != 0) {
            return failStatus;
        }
        double share = flakyShare;
        if (share > 0) {
            synchronized (flakyRandom) {
                if (flakyRandom.nextDouble() < share) {
                    return 500;
                }
            }
        }
        return 0;
    }

    /** The body when it is a JSON object, else null (answered 400). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> decode(HttpExchange ex, byte[] wire) {
        try {
            InputStream in = new ByteArrayInputStream(wire);
            if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            return json.anyFrom(readBounded(in, MAX_BODY_BYTES)) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The body's {@code batch_id} as text (a number's digits), {@code absent} when it has none. */
    private static String batchId(Map<String, Object> body, String absent) {
        Object id = body.get("batch_id");
        return id == null || id instanceof Map || id instanceof List ? absent : String.valueOf(id);
    }

    private static int resultCount(Map<String, Object> body) {
        return body.get("results") instanceof List<?> l ? l.size() : 0;
    }

    private void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if ((status == 503 || status == 429) && retryAfterS >= 0) {
            ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterS));
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, List<String>> lowerCase(HttpExchange ex) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return out;
    }

    private static byte[] readBounded(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new IOException("body larger than " + max + " bytes");
        }
        return bytes;
    }

    // ---- runtime control over HTTP, for scripts

    /**
     * {@code POST /_sim/fault?mode=none|refuse-for-s|500|503|slow|flaky|401|403|413&value=N}: {@code value} is the
     * Retry-After for 503, the delay in ms for slow, the failure percentage for flaky, the byte limit for 413,
     * the seconds of refused connections for refuse-for-s. {@code GET /_sim/stats}: counts as JSON.
     * {@code POST /_sim/config?token=T} with a JSON body: the configuration served to token T from now on.
     */
    private void control(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            if (path.equals("/_sim/stats")) {
                answer(ex, 200, json.asString(Map.of("ingests", ingests.size(), "stored", stored().size(),
                        "stored_results", storedResultCount(), "config_requests", configRequests.size())));
                return;
            }
            if (path.equals("/_sim/config") && "POST".equals(ex.getRequestMethod()) && q.containsKey("token")) {
                byte[] body = readBounded(ex.getRequestBody(), MAX_BODY_BYTES);
                configs.put(URLDecoder.decode(q.get("token"), StandardCharsets.UTF_8), body);
                answer(ex, 200, "{\"config_bytes\":" + body.length + "}");
                return;
            }
            if (!path.equals("/_sim/fault") || !"POST".equals(ex.getRequestMethod())) {
                answer(ex, 404, "{\"error\":\"unknown control\"}");
                return;
            }
            String mode = q.getOrDefault("mode", "none");
            int value = Integer.parseInt(q.getOrDefault("value", "0"));
            answer(ex, 200, "{\"mode\":\"" + mode.replaceAll("[^a-z0-9-]", "") + "\"}");
            applyMode(mode, value);
        } catch (IllegalArgumentException e) {
            answer(ex, 400, "{\"error\":\"bad mode or value\"}");
        }
    }

    /** Switches to one fault mode (the others end); see {@link #control}. */
    public void applyMode(String mode, int value) throws IOException {
        heal();
        switch (mode) {
            case "none" -> { }
            case "refuse-for-s" -> {
                refuseConnections(true);
                Thread reopen = new Thread(() -> reopenAfter(Math.max(1, value)), "backend-simulator-reopen");
                reopen.setDaemon(true);
                reopen.start();
            }
            case "500", "401", "403" -> failWith(Integer.parseInt(mode));
            case "503" -> failWith(503, value);
            case "slow" -> slow(Duration.ofMillis(value));
            case "flaky" -> flaky(value / 100.0, 1);
            case "413" -> rejectAbove(value);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private void reopenAfter(int seconds) {
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            refuseConnections(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("backend simulator: cannot listen again on port " + port + ": " + e.getMessage());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    /**
     * For scripts/run-dev.sh: {@code BackendSimulator [--port N] [--token T] [--config FILE] [--fault MODE[:VALUE]]}.
     * Listens on 127.0.0.1:N (default 8099); accepts only token T when given; serves FILE as T's configuration;
     * starts in the given fault mode. Prints one line per ingest (bodies are not kept); runs until killed.
     */
    public static void main(String[] args) throws Exception {
        int port = 8099;
        String token = null;
        Path configFile = null;
        String fault = "none";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--port" -> port = Integer.parseInt(required(arg, next));
                case "--token" -> token = required(arg, next);
                case "--config" -> configFile = Path.of(required(arg, next));
                case "--fault" -> fault = required(arg, next);
                default -> throw new IllegalArgumentException("unknown argument " + arg
                        + " (use --port N, --token T, --config FILE, --fault MODE[:VALUE])");
            }
            i++;
        }
        BackendSimulator sim = start(port);
        sim.keepBodies(false);
        if (token != null) {
            sim.acceptTokens(token);
            if (configFile != null) {
                sim.setConfig(token, Files.readString(configFile));
            }
        }
        String[] modeValue = fault.split(":", 2);
        sim.applyMode(modeValue[0], modeValue.length > 1 ? Integer.parseInt(modeValue[1]) : 0);
        System.out.println("backend simulator on " + sim.url() + " (fault " + fault + ")");
        int shown = 0;
        while (true) {
            List<Ingest> all = sim.ingests();
            for (Ingest i : all.subList(Math.min(shown, all.size()), all.size())) {
                System.out.println(i.receivedAt() + " ingest " + i.status() + " batch " + i.batchId() + " results "
                        + i.resultCount() + " bytes " + i.wireBytes() + (i.duplicate() ? " (duplicate)" : ""));
            }
            shown = all.size();
            Thread.sleep(1000);
        }
    }

    private static String required(String arg, String value) {
        if (value == null) {
            throw new IllegalArgumentException(arg + " needs a value");
        }
        return value;
    }
}
