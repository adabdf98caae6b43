package org.avmonitoring.agent.driver.ping.internal;

import org.avmonitoring.agent.testing.driver.SilentPeer;
import org.avmonitoring.agent.testing.driver.DriverContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.snmp.SilentHost;
import org.avmonitoring.agent.testing.support.Peers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real ICMP to 127.0.0.0/8 through fping, TCP connects on loopback, and a silent host in a namespace of our own. */
class PingDriverTest {
    static final Duration DEADLINE = Duration.ofSeconds(10);
    PingDriver driver;

    PingDriver start(TestConfig config) throws Exception {
        driver = new PingDriver();
        driver.activate(config);
        return driver;
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.deactivate();
        }
    }

    static Device device(String id, String host, Map<String, Object> ping) {
        return new Device(id, null, "ping", host, null, null, true, null, Map.of("ping", ping));
    }

    static void assumeFping() {
        String why = "Debian package fping is not installed: apt-get install fping";
        assumeTrue(Peers.available(Files.isExecutable(Path.of("/usr/bin/fping")), why), why);
    }

    @Test
    void loopbackAnswersEveryEcho() throws Exception {
        assumeFping();
        CheckResult r = start(TestConfig.DEFAULT).check(device("tv-4", "127.0.0.1", Map.of("count", 3, "mode", "icmp")), DEADLINE).get();
        assertEquals(Status.OK, r.status(), r::toString);
        assertEquals(3, r.metrics().get("sent"));
        assertEquals(3, r.metrics().get("received"));
        assertEquals(0, r.metrics().get("loss_pct"));
        assertEquals("icmp", r.metrics().get("mode"));
        double min = (Double) r.metrics().get("rtt_min_ms");
        double avg = (Double) r.metrics().get("rtt_avg_ms");
        double max = (Double) r.metrics().get("rtt_max_ms");
        assertTrue(min <= avg && avg <= max && min > 0, r.metrics()::toString);
        assertEquals(avg, r.latencyMs());
    }

    @Test
    void manyTargetsShareOneFpingProcess() throws Exception {
        assumeFping();
        // A window far longer than the loop below takes, so all checks land in the same batch.
        PingDriver d = start(new TestConfig("/usr/bin/fping", 1000, 50));
        List<CompletableFuture<CheckResult>> checks = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            checks.add(d.check(device("t" + i, "127.10." + (i / 250) + "." + (i % 250 + 1), Map.of("count", 2)), DEADLINE));
        }
        for (CompletableFuture<CheckResult> c : checks) {
            CheckResult r = c.get();
            assertEquals(Status.OK, r.status(), r::toString);
            assertEquals(2, r.metrics().get("received"));
        }
        assertEquals(1, d.fpingProcessesStarted(), "200 targets, one fping process");
    }

    @Test
    void hostNameIsResolvedAtEachCheck() throws Exception {
        assumeFping();
        CheckResult r = start(TestConfig.DEFAULT).check(device("tv-name", "localhost", Map.of("count", 1)), DEADLINE).get();
        assertEquals(Status.OK, r.status(), r::toString);
        assertTrue(InetAddress.getByName(String.valueOf(r.metrics().get("address"))).isLoopbackAddress());
    }

    @Test
    void silentHostIsKoWithFullLoss() throws Exception {
        assumeFping();
        SilentHost host;
        try {
            host = SilentHost.create();
        } catch (UnsupportedOperationException e) {
            String why = "cannot create a silent host (root for a network namespace): " + e.getMessage();
            assumeTrue(Peers.available(false, why), "skipped, " + why);
            return;
        }
        try (host) {
            CheckResult r = start(TestConfig.DEFAULT).check(device("tv-off", host.address(),
                    Map.of("count", 2, "timeout_ms", 300)), DEADLINE).get();
            assertEquals(Status.KO, r.status(), r::toString);
            assertEquals(100, r.metrics().get("loss_pct"));
            assertEquals(0, r.metrics().get("received"));
            assertEquals("no answer to 2 echoes", r.error());
        }
    }

    @Test
    void missingFpingIsAnAgentFaultNotADeviceFault() throws Exception {
        CheckResult r = start(new TestConfig("/nonexistent/fping", 20, 50)).check(device("tv-x", "127.0.0.1", Map.of()), DEADLINE).get();
        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("/nonexistent/fping is missing: install the Debian package fping", r.error());
    }

    @Test
    void tcpModeTimesConnects() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            CheckResult r = start(TestConfig.DEFAULT).check(device("tv-5", "127.0.0.1",
                    Map.of("mode", "tcp", "tcp_port", server.getLocalPort(), "count", 3)), DEADLINE).get();
            assertEquals(Status.OK, r.status(), r::toString);
            assertEquals(3, r.metrics().get("received"));
            assertEquals("tcp", r.metrics().get("mode"));
            assertEquals(server.getLocalPort(), r.metrics().get("tcp_port"));
            assertTrue((Double) r.metrics().get("rtt_max_ms") > 0);
        }
    }

    @Test
    void tcpModeClosedPortIsKo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CheckResult r = start(TestConfig.DEFAULT).check(device("tv-6", "127.0.0.1",
                Map.of("mode", "tcp", "tcp_port", port, "count", 2)), DEADLINE).get();
        assertEquals(Status.KO, r.status());
        assertEquals("no answer to 2 connects (port " + port + " refused the connection)", r.error());
    }

    @Test
    void deadlineEndsACheckStillWaiting() throws Exception {
        assumeFping();
        // 5 echoes 50 ms apart cannot finish within 100 ms.
        CheckResult r = start(TestConfig.DEFAULT).check(device("tv-7", "127.0.0.1", Map.of("count", 5)), Duration.ofMillis(100)).get();
        assertEquals(Status.KO, r.status());
        assertEquals("deadline of 100 ms passed while waiting for ICMP echoes from 127.0.0.1", r.error());
    }

    @Test
    void passesTheDriverContractInBothModes() throws Exception {
        assumeFping();
        start(TestConfig.DEFAULT);
        DriverContract.assertAll(driver, (host, port) -> device("c-" + port, host, Map.of("count", 2, "timeout_ms", 300)),
                device("c-ok", "127.0.0.1", Map.of("count", 2)), Duration.ofSeconds(3), DriverContract.Transport.OTHER);
        DriverContract.assertAll(driver, (host, port) -> device("t-" + port, host,
                        Map.of("mode", "tcp", "tcp_port", port, "count", 1, "timeout_ms", 300)),
                device("t-ok", "127.0.0.1", Map.of("mode", "tcp", "tcp_port", SilentPeer.refusedPort(), "count", 1)),
                Duration.ofSeconds(3), DriverContract.Transport.TCP);
    }
}
