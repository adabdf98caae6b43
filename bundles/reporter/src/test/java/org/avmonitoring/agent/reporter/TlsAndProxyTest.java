package org.avmonitoring.agent.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.backend.BackendLinkStatus.State;
import org.avmonitoring.agent.reporter.shared.HttpSettings;
import org.avmonitoring.agent.testing.backend.Await;
import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with a private CA (the extra CA file), certificate and host-name verification left on, and the proxy.
 * Certificates are made by the JDK's keytool for the test.
 */
class TlsAndProxyTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PASS = "CHANGE-ME-test-only";

    @TempDir
    static Path certs;

    @TempDir
    Path dataDir;

    BackendSimulator sim;
    Reporter reporter;

    /** A self-signed certificate for 127.0.0.1 (its own CA) and one naming only 127.0.0.2. */
    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool("-genkeypair", "-alias", "backend", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test backend",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", certs.resolve("good.p12").toString(),
                "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "backend", "-keystore", certs.resolve("good.p12").toString(),
                "-storepass", PASS, "-file", certs.resolve("good-ca.pem").toString());
        keytool("-genkeypair", "-alias", "backend", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other",
                "-ext", "san=ip:127.0.0.2", "-validity", "2", "-keystore", certs.resolve("wrong-name.p12").toString(),
                "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "backend", "-keystore", certs.resolve("wrong-name.p12").toString(),
                "-storepass", PASS, "-file", certs.resolve("wrong-name-ca.pem").toString());
    }

    static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    static SSLContext serverContext(Path p12) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.close();
        }
        sim.close();
    }

    Reporter reporter(String url, String extraCa, String proxy) throws IOException {
        ReporterOptions o = new ReporterOptions(1 << 20, Duration.ofSeconds(5), Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(100), 5000,
                new HttpSettings(extraCa, proxy, Duration.ofSeconds(2)));
        reporter = new Reporter(o, new OutboxStore(dataDir, o.outboxCapBytes()), "t", "h", () -> null);
        reporter.configure(ReporterTest.config(url, 3600, 3600));
        reporter.start();
        reporter.sealNow();
        return reporter;
    }

    @Test
    void aPrivateCaIsRefusedWithoutTheExtraCaFile() throws Exception {
        sim = BackendSimulator.start(0, serverContext(certs.resolve("good.p12")));
        Reporter r = reporter(sim.url(), "", "");
        Await.until(WAIT, () -> r.status().lastError() != null, "a failed attempt");
        assertEquals(State.DISCONNECTED, r.status().state());
        assertTrue(r.status().lastError().contains("SSLHandshakeException"), r.status().lastError());
        assertTrue(sim.ingests().isEmpty());
    }

    @Test
    void theExtraCaFileMakesThePrivateCaTrusted() throws Exception {
        sim = BackendSimulator.start(0, serverContext(certs.resolve("good.p12")));
        Reporter r = reporter(sim.url(), certs.resolve("good-ca.pem").toString(), "");
        Await.until(WAIT, () -> sim.stored().size() == 1, "delivered over HTTPS");
        assertTrue(sim.url().startsWith("https://"));
        Await.until(WAIT, () -> r.status().state() == State.CONNECTED, "connected");
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        sim = BackendSimulator.start(0, serverContext(certs.resolve("wrong-name.p12")));
        Reporter r = reporter(sim.url(), certs.resolve("wrong-name-ca.pem").toString(), "");
        Await.until(WAIT, () -> r.status().lastError() != null, "a failed attempt");
        BackendLinkStatus s = r.status();
        assertTrue(s.lastError().contains("SSLHandshakeException") && s.lastError().contains("127.0.0.1"), s.lastError());
        assertTrue(sim.ingests().isEmpty());
    }

    @Test
    void anUnreadableExtraCaFileIsReportedAndNothingIsSent() throws Exception {
        sim = BackendSimulator.start();
        Path junk = Files.writeString(dataDir.resolve("junk.pem"), "not a certificate");
        Reporter r = reporter(sim.url(), junk.toString(), "");
        assertTrue(r.status().lastError().contains("junk.pem"), r.status().lastError());
        assertEquals(1, r.status().batchesBuffered(), "kept for when the configuration is fixed");
    }

    @Test
    void requestsGoThroughTheConfiguredProxy() throws Exception {
        // nothing listens on the backend's address: only the proxy (the simulator) can deliver the batch
        sim = BackendSimulator.start();
        reporter("http://127.0.0.1:9", "", "127.0.0.1:" + sim.port());
        Await.until(WAIT, () -> sim.stored().size() == 1, "delivered through the proxy");
    }
}
