package com.example.avmonitoring.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.driver.DriverContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BannerDriverTest {
    static final Duration DEADLINE = Duration.ofSeconds(2);
    final BannerDriver driver = new BannerDriver();
    ServerSocket greeter;

    /** A device on loopback that greets every connection with one line, then waits for the client to close. */
    @BeforeEach
    void start() throws IOException {
        driver.activate(new BannerDriver.Config() {
            @Override
            public int max_banner_bytes() {
                return 256;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return BannerDriver.Config.class;
            }
        });
        greeter = new ServerSocket();
        greeter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(() -> {
            while (!greeter.isClosed()) {
                try (Socket s = greeter.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("SSH-2.0-Example_1.0\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.getInputStream().read();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "greeter");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws Exception {
        greeter.close();
        driver.deactivate();
    }

    static Device device(String id, String host, int port, Map<String, Object> banner) {
        return new Device(id, null, BannerDriver.TYPE, host, port, 60, true, DeviceSource.LOCAL,
                Map.of("banner", banner));
    }

    @Test
    void aGreetingIsOkAndItsTextAMetric() throws Exception {
        CheckResult r = driver.check(device("sw-1", "127.0.0.1", greeter.getLocalPort(), Map.of("expect", "^SSH-2")),
                DEADLINE).get();
        assertEquals(Status.OK, r.status(), r::toString);
        assertEquals("SSH-2.0-Example_1.0", r.metrics().get("banner"));
        assertEquals(false, r.metrics().get("banner_changed"));

        CheckResult other = driver.check(device("sw-1", "127.0.0.1", greeter.getLocalPort(),
                Map.of("expect", "^220 ")), DEADLINE).get();
        assertEquals(Status.KO, other.status());
        assertTrue(other.error().contains("does not match"), other.error());
    }

    @Test
    void validateNamesABadExpression() {
        assertEquals("[banner.expect: is not a regular expression: Unclosed group]",
                driver.validate(device("sw-2", "127.0.0.1", 22, Map.of("expect", "(SSH"))).toString());
    }

    @Test
    void passesTheDriverContract() throws Exception {
        DriverContract.assertAll(driver, (host, port) -> device("c-" + port, host, port, Map.of("timeout_ms", 1000)),
                device("c-ok", "127.0.0.1", greeter.getLocalPort(), Map.of()), DEADLINE,
                DriverContract.Transport.TCP);
    }
}
