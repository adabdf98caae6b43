package org.avmonitoring.agent.testing.cisco;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Simulated codecs, one JDK HTTP(S) server each, on loopback addresses. Every HTTPS codec presents the same
 * self-signed certificate, made with {@code keytool} when the simulator starts (CN {@code codec.invalid}, no
 * subject alternative name: like a codec's factory certificate, the JVM's trust store does not accept it, a pin does).
 *
 * <p>Serves {@code GET /getxml?location=/Status[/<section>]} and {@code GET /status.xml}, with HTTP Basic
 * authentication (401 with a {@code WWW-Authenticate} challenge otherwise), as the xAPI reference describes.
 */
public final class CodecSimulator implements AutoCloseable {
    private static final String STORE_PASSWORD = "simulator";

    private final Path dir;
    private final SSLContext tls;
    private final byte[] certificateSha256;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4, daemon("codec-simulator"));
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(daemon("codec-simulator-delay"));
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final List<SimulatedCodec> codecs = new CopyOnWriteArrayList<>();

    public CodecSimulator() throws IOException, GeneralSecurityException, InterruptedException {
        this(null);
    }

    /**
     * Codecs whose certificate is kept in {@code keystore} (made there when absent), so that its fingerprint
     * survives restarts (scripts/run-dev.sh pins it once); null: a new certificate in a temporary directory.
     */
    public CodecSimulator(Path keystore) throws IOException, GeneralSecurityException, InterruptedException {
        dir = Files.createTempDirectory("codec-simulator");
        Path store = keystore == null ? dir.resolve("codec.p12") : keystore;
        if (!Files.exists(store)) {
            generate(store);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        certificateSha256 = MessageDigest.getInstance("SHA-256").digest(ks.getCertificate("codec").getEncoded());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
    }

    private static void generate(Path store) throws IOException, InterruptedException {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "codec", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=codec.invalid", "-validity", "3650", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        byte[] out = keytool.getInputStream().readAllBytes();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** The SHA-256 fingerprint of the codecs' certificate, colon-separated upper-case hex. */
    public String certificateSha256() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(certificateSha256);
    }

    /** A codec on {@code host:port} (port 0: any free port), HTTPS unless {@code tls} is false. */
    public SimulatedCodec add(String host, int port, boolean https, String username, String password) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(host, port);
        HttpServer server;
        if (https) {
            HttpsServer s = HttpsServer.create(bind, 64);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = s;
        } else {
            server = HttpServer.create(bind, 64);
        }
        SimulatedCodec codec = new SimulatedCodec(new InetSocketAddress(host, server.getAddress().getPort()), username,
                password, https);
        server.createContext("/", exchange -> handle(codec, exchange));
        server.setExecutor(handlers);
        server.start();
        servers.add(server);
        codecs.add(codec);
        return codec;
    }

    public List<SimulatedCodec> codecs() {
        return new ArrayList<>(codecs);
    }

    private void handle(SimulatedCodec codec, HttpExchange exchange) throws IOException {
        codec.counted();
        exchange.getRequestBody().readAllBytes();
        if (codec.has(CodecFault.SILENT)) {
            return; // held open until the client gives up or the simulator closes
        }
        if (codec.has(CodecFault.CLOSE)) {
            exchange.close(); // no status line: the connection closes under the client
            return;
        }
        if (codec.has(CodecFault.SLOW)) {
            delays.schedule(() -> {
                handlers.execute(() -> answer(codec, exchange));
            }, codec.replyDelayMs(), TimeUnit.MILLISECONDS);
            return;
        }
        answer(codec, exchange);
    }

    private void answer(SimulatedCodec codec, HttpExchange exchange) {
        try (exchange) {
            if (codec.has(CodecFault.AUTH_FAILS) || !authorized(codec, exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Cisco codec\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (codec.has(CodecFault.GARBAGE)) {
                send(exchange, 200, "\u0000\u00ff<<garbage>>\u0001 not xml at all".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            if (codec.has(CodecFault.ENDLESS)) {
                endless(exchange);
                return;
            }
            String xml = statusFor(codec, exchange);
            if (xml == null) {
                send(exchange, 404, ("<?xml version=\"1.0\"?><XmlDoc><Status status=\"Error\"><Reason>No match on path"
                        + "</Reason></Status></XmlDoc>").getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, xml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static String statusFor(SimulatedCodec codec, HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/status.xml")) {
            return codec.statusXml("/Status");
        }
        if (!path.equals("/getxml")) {
            return null;
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("location=")) {
                return codec.statusXml(URLDecoder.decode(pair.substring(9), StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    private static boolean authorized(SimulatedCodec codec, String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && codec.accepts(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=UTF-8");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void endless(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = "<Status><Padding>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</Padding>".repeat(100)
                .getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < 64L * 1024 * 1024; sent += chunk.length) {
                out.write(chunk);
            }
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        delays.shutdownNow();
        handlers.shutdownNow();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
