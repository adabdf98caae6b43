package org.avmonitoring.agent.driver.tesira.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.stream.StreamFault;
import org.avmonitoring.agent.testing.tesira.SimulatedTesira;
import org.avmonitoring.agent.testing.tesira.SimulatedTesira.ActiveFault;
import org.avmonitoring.agent.testing.tesira.SimulatedTesira.Severity;
import org.avmonitoring.agent.testing.tesira.TesiraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.avmonitoring.agent.testing.driver.DriverContract;

/** The driver against the simulator, over loopback: every state and fault mode. */
class TesiraDriverTest {
    private TesiraSimulator sim;
    private TesiraDriver driver;

    @BeforeEach
    void start() throws Exception {
        sim = new TesiraSimulator();
        driver = new TesiraDriver();
        driver.activate();
    }

    @AfterEach
    void stop() {
        driver.deactivate();
        sim.close();
    }

    private static Device device(SimulatedTesira t, Object... settings) {
        Map<String, Object> s = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            s.put((String) settings[i], settings[i + 1]);
        }
        return new Device("dsp-1", null, "tesira", t.address().getAddress().getHostAddress(), t.address().getPort(),
                null, true, DeviceSource.LOCAL, s);
    }

    private CheckResult check(Device d) throws Exception {
        return driver.check(d, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
    }

    @Test
    void noFaultIsOkWithIdentity() throws Exception {
        SimulatedTesira t = sim.add("127.0.0.2", 0);
        CheckResult r = check(device(t));
        assertEquals(Status.OK, r.status(), r.error());
        assertNull(r.error());
        assertEquals("No fault in device", r.metrics().get("fault_indicator"));
        assertEquals("4.2.3.22", r.metrics().get("firmware_version"));
        assertEquals("04870642", r.metrics().get("serial_number"));
        assertEquals("TesiraForte01", r.metrics().get("hostname"));
        assertNotNull(r.latencyMs());
        assertEquals(4, t.optionRefusals(), "every DO and WILL refused");
        assertEquals(4, t.commands().size());
    }

    @Test
    void faultSeveritiesAndStateChangesAtRunTime() throws Exception {
        SimulatedTesira t = sim.add("127.0.0.3", 0).hostname(null);
        t.faults(new ActiveFault(Severity.MAJOR, "FAULT_AMP_TEMP_DEVICE", "Amp device too hot"));
        CheckResult ko = check(device(t));
        assertEquals(Status.KO, ko.status());
        assertEquals("Amp device too hot", ko.error());
        assertEquals(1, ko.metrics().get("fault_count"));
        assertNull(ko.metrics().get("hostname"), "older firmware without a host name: no metric, no failure");
        t.faults(new ActiveFault(Severity.MINOR, "FAULT_NETWORK_IP_CHANGED", "Device network parameter changed"));
        CheckResult warning = check(device(t));
        assertEquals(Status.WARNING, warning.status());
        assertEquals("Device network parameter changed", warning.error());
        t.faults();
        assertEquals(Status.OK, check(device(t)).status());
    }

    @Test
    void faultModesAreKoWithAReason() throws Exception {
        SimulatedTesira t = sim.add("127.0.0.4", 0);
        Device d = device(t, "timeout_ms", 500);
        t.fault(StreamFault.SILENT);
        assertEquals("no answer within 500 ms", check(d).error());
        t.fault(StreamFault.CLOSE);
        assertEquals("connection closed by the device", check(d).error());
        t.fault(StreamFault.GARBAGE);
        CheckResult garbage = check(d);
        assertEquals(Status.KO, garbage.status());
        assertNotNull(garbage.error());
        t.fault(StreamFault.SLOW).slowMs(1000);
        assertEquals("no answer within 500 ms", check(d).error());
        t.slowMs(100);
        assertEquals(Status.OK, check(d).status(), "slow but within the step timeout");
        t.fault(StreamFault.NONE).loginPrompt(true);
        assertTrue(check(d).error().startsWith("the device asks for a Telnet login"));
    }

    @Test
    void refusedConnectionAndInvalidSettings() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            freePort = s.getLocalPort();
        }
        Device refused = new Device("dsp-x", null, "tesira", "127.0.0.1", freePort, null, true, DeviceSource.LOCAL, Map.of());
        assertEquals("connection refused", check(refused).error());
        Device bad = refused.withSettings(Map.of("timeout_ms", "soon"));
        CheckResult r = check(bad);
        assertEquals(Status.UNKNOWN, r.status());
        assertTrue(r.error().contains("timeout_ms"), r.error());
    }

    @Test
    void oneConnectionPerDeviceAndCancelClosesIt() throws Exception {
        SimulatedTesira t = sim.add("127.0.0.5", 0).fault(StreamFault.SILENT);
        Device d = device(t, "timeout_ms", 5000);
        CompletableFuture<CheckResult> first = driver.check(d, Duration.ofSeconds(10));
        CompletableFuture<CheckResult> second = driver.check(d, Duration.ofSeconds(10));
        waitFor(() -> sim.openConnections() == 1);
        first.cancel(false);
        waitFor(() -> sim.openConnections() == 0);
        assertEquals(1, t.connections(), "the second check shared the first one's connection");
        assertEquals(Status.UNKNOWN, second.get(5, TimeUnit.SECONDS).status(), "completes, not exceptionally");
    }

    @Test
    void stoppingTheDriverAnswersUnknownAndClosesTheSockets() throws Exception {
        SimulatedTesira t = sim.add("127.0.0.6", 0).fault(StreamFault.SILENT);
        CompletableFuture<CheckResult> pending = driver.check(device(t, "timeout_ms", 5000), Duration.ofSeconds(10));
        waitFor(() -> sim.openConnections() == 1);
        driver.deactivate();
        CheckResult r = pending.get(5, TimeUnit.SECONDS);
        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("Tesira driver stopped", r.error());
        waitFor(() -> sim.openConnections() == 0);
        driver.activate(); // for stop()
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "condition not met within 10 s");
            Thread.sleep(10);
        }
    }

    @Test
    void passesTheDriverContract() throws Exception {
        SimulatedTesira t = sim.add("127.0.0.9", 0);
        DriverContract.assertAll(driver, (host, port) -> new Device("c-" + port, null, "tesira", host, port, null, true,
                DeviceSource.LOCAL, Map.of("timeout_ms", 500)), device(t, "timeout_ms", 500),
                Duration.ofSeconds(2), DriverContract.Transport.TCP);
    }
}
