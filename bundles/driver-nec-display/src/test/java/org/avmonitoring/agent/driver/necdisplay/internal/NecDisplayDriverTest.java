package org.avmonitoring.agent.driver.necdisplay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.nec.SimulatedNecDisplay;
import org.avmonitoring.agent.testing.tcpsim.DriverRuns;
import org.avmonitoring.agent.testing.tcpsim.Fault;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.avmonitoring.agent.testing.driver.DriverContract;

/**
 * The driver against simulated monitors over loopback: every state and fault mode, and the manual's 600 ms between
 * packets (the simulator counts violations). Independent checks run at once to keep the pauses from adding up.
 */
class NecDisplayDriverTest {
    private TcpSimulator sim;
    private NecDisplayDriver driver;
    private int next = 1;

    static NecDisplayDriver.Config config(Map<String, Object> values) {
        return DriverRuns.config(NecDisplayDriver.Config.class, values);
    }

    static Device device(String id, String host, int port, Object... settings) {
        return DriverRuns.device(id, NecDisplayDriver.TYPE_NAME, host, port, settings);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        DriverRuns.await(what, condition);
    }

    @BeforeEach
    void start() throws IOException {
        sim = new TcpSimulator("nec-test-simulator");
        driver = new NecDisplayDriver();
        driver.activate(config(Map.of()));
    }

    @AfterEach
    void stop() {
        driver.deactivate();
        sim.close();
    }

    private SimulatedNecDisplay monitor(int id) throws IOException {
        return sim.add(new SimulatedNecDisplay(id), "127.0.1." + (10 + next++), 0);
    }

    private CompletableFuture<CheckResult> check(SimulatedNecDisplay m, Object... settings) {
        Object[] s = settings.length > 0 ? settings : new Object[] {"monitor_id", m.monitorId(), "timeout_ms", 500};
        return driver.check(device("nec-" + m.host(), m.host(), m.port(), s), Duration.ofSeconds(10));
    }

    private static CheckResult get(CompletableFuture<CheckResult> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aHealthyMonitorIsReadWholeWithTheManualsPauseBetweenPackets() throws Exception {
        SimulatedNecDisplay m = monitor(1);
        CheckResult r = get(check(m));
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("on", r.metrics().get("power"));
        assertEquals("00", r.metrics().get("self_diagnosis"));
        assertEquals("11", r.metrics().get("input"));
        assertEquals(30, r.metrics().get("volume"));
        assertEquals(false, r.metrics().get("mute"));
        assertEquals("57100123NA", r.metrics().get("serial_number"));
        assertEquals("MultiSync-SIM55", r.metrics().get("model_name"));
        assertEquals(7, m.requests());
        assertEquals(0, m.gapViolations(), "600 ms between packets");
        assertTrue(r.latencyMs() >= 6 * NecPoll.GAP_MS, "six pauses: " + r.latencyMs());
        await("socket released", () -> m.openConnections() == 0);
        assertEquals(1, m.peakOpenConnections());
    }

    @Test
    void statesAndFaultsOfTheMonitor() throws Exception {
        SimulatedNecDisplay standby = monitor(1).power(SimulatedNecDisplay.Power.STANDBY).diagnosis(0xB0);
        SimulatedNecDisplay fan = monitor(2).diagnosis(0x80);
        SimulatedNecDisplay noSignal = monitor(3).diagnosis(0xB0);
        SimulatedNecDisplay unsupported = monitor(4).unsupported(0x0062, 0x008D);
        SimulatedNecDisplay busyOnce = monitor(5).nullReplies(1);
        SimulatedNecDisplay all = monitor(6);
        CompletableFuture<CheckResult> fStandby = check(standby);
        CompletableFuture<CheckResult> fFan = check(fan);
        CompletableFuture<CheckResult> fNoSignal = check(noSignal);
        CompletableFuture<CheckResult> fUnsupported = check(unsupported);
        CompletableFuture<CheckResult> fBusy = check(busyOnce);
        CompletableFuture<CheckResult> fAll = check(all, "monitor_id", 0);

        CheckResult r = get(fStandby);
        assertEquals(Status.OK, r.status(), "standby is not a fault, nor no signal in standby: " + r.error());
        assertEquals("standby", r.metrics().get("power"));
        r = get(fFan);
        assertEquals(Status.KO, r.status());
        assertEquals("cooling fan 1 abnormality", r.error());
        r = get(fNoSignal);
        assertEquals(Status.WARNING, r.status());
        assertEquals("no signal", r.error());
        r = get(fUnsupported);
        assertEquals(Status.OK, r.status(), r.error());
        assertFalse(r.metrics().containsKey("volume") || r.metrics().containsKey("mute"), "result 01: left out");
        assertEquals("11", r.metrics().get("input"));
        r = get(fBusy);
        assertEquals("on", r.metrics().get("power"), "asked again after the NULL message");
        assertEquals(8, busyOnce.requests());
        assertEquals(0, busyOnce.gapViolations());
        assertEquals(Status.OK, get(fAll).status(), "the ALL address");
    }

    @Test
    void faultModesAreKoWithTheirReason() throws Exception {
        Map<Fault, String> expected = new LinkedHashMap<>();
        expected.put(Fault.SILENT, "no answer within 500 ms (a monitor answers only packets for its own id");
        expected.put(Fault.GARBAGE, "packet does not start with SOH");
        expected.put(Fault.BAD_CHECKSUM, "packet with a wrong check code");
        expected.put(Fault.REFUSE_ALL, "answered every request with the NULL message");
        expected.put(Fault.CLOSE_AFTER_ACCEPT, "connection");
        expected.put(Fault.SLOW, "no answer within 500 ms");
        Map<Fault, SimulatedNecDisplay> monitors = new LinkedHashMap<>();
        Map<Fault, CompletableFuture<CheckResult>> results = new LinkedHashMap<>();
        for (Fault f : expected.keySet()) {
            SimulatedNecDisplay m = monitor(1);
            m.fault(f, true).replyDelayMs(800);
            monitors.put(f, m);
            results.put(f, check(m));
        }
        for (Fault f : expected.keySet()) {
            CheckResult r = get(results.get(f));
            assertEquals(Status.KO, r.status(), f + ": " + r.error());
            assertTrue(r.error().contains(expected.get(f)), f + ": " + r.error());
            SimulatedNecDisplay m = monitors.get(f);
            await(f + ": socket released", () -> m.openConnections() == 0);
        }
        assertEquals(2, monitors.get(Fault.BAD_CHECKSUM).requests(), "a bad BCC is asked again once");
    }

    @Test
    void aWrongMonitorIdIsKoWithAHint() throws Exception {
        SimulatedNecDisplay m = monitor(3);
        CheckResult r = get(check(m, "monitor_id", 1, "timeout_ms", 300));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().contains("check monitor_id"), r.error());
    }

    @Test
    void aShortDeadlineReadsTheCoreNowAndTheRestLater() throws Exception {
        SimulatedNecDisplay m = monitor(1);
        Device d = device("short", m.host(), m.port(), "timeout_ms", 500);
        CheckResult first = get(driver.check(d, Duration.ofMillis(3100)));
        assertEquals(Status.OK, first.status(), first.error());
        assertTrue(m.requests() < 7, "not everything within 3.1 s: " + m.requests());
        // One or two optional requests fit per poll: the five (input, volume, mute, serial, model) take 3 to 5 polls.
        CheckResult later = first;
        int polls = 1;
        while (later.metrics().get("model_name") == null && polls < 8) {
            later = get(driver.check(d, Duration.ofMillis(3100)));
            polls++;
        }
        assertTrue(polls >= 3 && polls <= 5, "oldest first, each read once: " + polls + " polls");
        assertEquals("11", later.metrics().get("input"), "reported from memory");
        assertEquals(30, later.metrics().get("volume"));
        assertEquals(0, m.gapViolations());
    }

    @Test
    void oneConnectionPerMonitorAndCancelOrStopClosesTheSocket() throws Exception {
        SimulatedNecDisplay m = monitor(1);
        Device d = device("one", m.host(), m.port());
        CompletableFuture<CheckResult> a = driver.check(d, Duration.ofSeconds(10));
        CompletableFuture<CheckResult> b = driver.check(d, Duration.ofSeconds(10));
        assertEquals(get(a), get(b));
        assertEquals(1, m.acceptedConnections());
        m.fault(Fault.SILENT, true);
        CompletableFuture<CheckResult> silent = driver.check(device("s", m.host(), m.port(), "timeout_ms", 30000),
                Duration.ofSeconds(30));
        await("connected", () -> m.openConnections() == 1);
        silent.cancel(true);
        await("socket closed after cancel", () -> m.openConnections() == 0);
        CompletableFuture<CheckResult> pending = driver.check(device("p", m.host(), m.port(), "timeout_ms", 30000),
                Duration.ofSeconds(30));
        await("connected", () -> m.openConnections() == 1);
        driver.deactivate();
        CheckResult stopped = get(pending);
        assertEquals(Status.UNKNOWN, stopped.status());
        assertEquals("driver stopping", stopped.error());
        await("socket closed on stop", () -> m.openConnections() == 0);
        driver.activate(config(Map.of())); // For @AfterEach.
    }

    @Test
    void describesItsSettingsAndMetrics() {
        var description = driver.description();
        assertEquals(7142, description.defaultPort());
        assertEquals(100, description.setting("monitor_id").max());
        assertEquals("Cooling fan 1 abnormality".toLowerCase(), description.metric("self_diagnosis").orElseThrow()
                .valueLabels().stream().filter(c -> c.value().equals("80")).findFirst().orElseThrow().label());
        assertTrue(driver.validate(device("x", "127.0.0.1", 7142, "monitor_id", 101)).get(0).toString()
                .startsWith("monitor_id: must be an integer between 0 and 100"));
    }

    @Test
    void passesTheDriverContract() throws Exception {
        SimulatedNecDisplay m = monitor(1);
        DriverContract.assertAll(driver, (host, port) -> device("c-" + port, host, port, "monitor_id", 1,
                "timeout_ms", 500), device("c-ok", m.host(), m.port(), "monitor_id", m.monitorId(), "timeout_ms", 500),
                Duration.ofSeconds(2), DriverContract.Transport.TCP);
    }
}
