package org.avmonitoring.agent.backendhttp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.http.BackendAnswer;
import org.avmonitoring.agent.api.http.BackendRequest;
import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend client: HTTPS with a private CA (the extra CA file), certificate and host-name verification left on,
 * and the proxy. Each exchange is a config GET, which the simulator answers with 200.
 * Certificates are made by the JDK's keytool for the test.
 */
class TlsAndProxyTest {
    static final String TOKEN = "tls-test-token-CHANGE-ME";
    static final String DEVICES = "{\"devices\":[]}";
    static final String PASS = "CHANGE-ME-test-only";

    @TempDir
    static Path certs;

    @TempDir
    Path dataDir;

    BackendSimulator sim;

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
        if (sim != null) {
            sim.close();
        }
    }

    static JdkBackendHttp http(String extraCa, String proxy) {
        return new JdkBackendHttp(new HttpSettings(extraCa, proxy, Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    BackendAnswer get(JdkBackendHttp http, String url) throws IOException, InterruptedException {
        sim.setConfig(TOKEN, DEVICES);
        return http.exchange(BackendRequest.get(url, "/config/" + TOKEN, Secret.of(TOKEN), 1 << 16));
    }

    @Test
    void aPrivateCaIsRefusedWithoutTheExtraCaFile() throws Exception {
        sim = BackendSimulator.start(0, serverContext(certs.resolve("good.p12")));
        IOException e = assertThrows(IOException.class, () -> get(http("", ""), sim.url()));
        assertTrue(e.getClass().getSimpleName().equals("SSLHandshakeException"), e.toString());
        assertTrue(sim.configRequests().isEmpty());
    }

    @Test
    void theExtraCaFileMakesThePrivateCaTrusted() throws Exception {
        sim = BackendSimulator.start(0, serverContext(certs.resolve("good.p12")));
        assertTrue(sim.url().startsWith("https://"));
        BackendAnswer a = get(http(certs.resolve("good-ca.pem").toString(), ""), sim.url());
        assertEquals(200, a.code());
        assertEquals(DEVICES, new String(a.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(TOKEN), sim.configRequests().get(0).get("x-site-token"));
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        sim = BackendSimulator.start(0, serverContext(certs.resolve("wrong-name.p12")));
        IOException e = assertThrows(IOException.class,
                () -> get(http(certs.resolve("wrong-name-ca.pem").toString(), ""), sim.url()));
        assertTrue(e.getClass().getSimpleName().equals("SSLHandshakeException") && e.getMessage().contains("127.0.0.1"),
                e.toString());
        assertTrue(sim.configRequests().isEmpty());
    }

    @Test
    void anUnreadableExtraCaFileIsReportedAndNothingIsSent() throws Exception {
        sim = BackendSimulator.start();
        Path junk = Files.writeString(certs.resolve("junk.pem"), "not a certificate");
        JdkBackendHttp http = http(junk.toString(), "");
        assertTrue(http.problem().orElseThrow().contains("junk.pem"), http.problem().toString());
        assertThrows(IOException.class, () -> get(http, sim.url()));
        assertTrue(sim.configRequests().isEmpty());
    }

    @Test
    void aProxyThatIsNotHostAndPortIsReported() {
        assertTrue(http("", "proxy.example").problem().orElseThrow().contains("proxy.example"));
        assertEquals(Optional.empty(), http("", "").problem());
    }

    @Test
    void requestsGoThroughTheConfiguredProxy() throws Exception {
        // nothing listens on the backend's address: only the proxy (the simulator) can answer
        sim = BackendSimulator.start();
        BackendAnswer a = get(http("", "127.0.0.1:" + sim.port()), "http://127.0.0.1:9");
        assertEquals(200, a.code());
        assertFalse(sim.configRequests().isEmpty());
    }

    @Test
    void aUrlThatIsNotHttpIsAnIllegalArgument() throws IOException {
        sim = BackendSimulator.start();
        assertThrows(IllegalArgumentException.class, () -> get(http("", ""), "ftp://127.0.0.1/"));
    }
}
