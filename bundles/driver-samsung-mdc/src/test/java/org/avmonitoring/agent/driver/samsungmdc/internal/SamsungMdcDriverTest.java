package org.avmonitoring.agent.driver.samsungmdc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.mdc.SimulatedMdcDisplay;
import org.avmonitoring.agent.testing.tcpsim.DriverRuns;
import org.avmonitoring.agent.testing.tcpsim.Fault;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.avmonitoring.agent.testing.driver.DriverContract;

/** The driver against simulated displays over loopback: every state and fault mode. */
class SamsungMdcDriverTest {
    private TcpSimulator sim;
    private SamsungMdcDriver driver;
    private int next = 1;

    static SamsungMdcDriver.Config config(Map<String, Object> values) {
        return DriverRuns.config(SamsungMdcDriver.Config.class, values);
    }

    static Device device(String id, String host, int port, Object... settings) {
        return DriverRuns.device(id, SamsungMdcDriver.TYPE_NAME, host, port, settings);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        DriverRuns.await(what, condition);
    }

    @BeforeEach
    void start() throws IOException {
        sim = new TcpSimulator("mdc-test-simulator");
        driver = new SamsungMdcDriver();
        driver.activate(config(Map.of()));
    }

    @AfterEach
    void stop() {
        driver.deactivate();
        sim.close();
    }

    private SimulatedMdcDisplay display(int id) throws IOException {
        return sim.add(new SimulatedMdcDisplay(id), "127.0.0." + (10 + next++), 0);
    }

    private CheckResult check(SimulatedMdcDisplay d, Object... settings) throws Exception {
        Object[] s = settings.length > 0 ? settings : new Object[] {"display_id", d.displayId(), "timeout_ms", 500};
        return driver.check(device("mdc-" + d.host(), d.host(), d.port(), s), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aHealthyDisplayIsOkWithItsMetricsAndTheSocketIsReleased() throws Exception {
        SimulatedMdcDisplay d = display(1);
        CheckResult r = check(d);
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("on", r.metrics().get("power"));
        assertEquals("21", r.metrics().get("input"));
        assertEquals(41, r.metrics().get("temperature_c"));
        assertEquals("0A1B3CAN800012", r.metrics().get("serial_number"));
        assertEquals("QM55R-SIM", r.metrics().get("model_name"));
        assertNotNull(r.latencyMs());
        await("display side closed", () -> d.openConnections() == 0);
        assertEquals(1, d.peakOpenConnections());
    }

    @Test
    void standbyIsOkAndErrorsFollowTheDisplayStatus() throws Exception {
        SimulatedMdcDisplay d = display(1);
        d.power(0).noSync(1);
        CheckResult standby = check(d);
        assertEquals(Status.OK, standby.status(), standby.error());
        assertEquals("standby", standby.metrics().get("power"));
        d.power(1);
        CheckResult noSignal = check(d);
        assertEquals(Status.WARNING, noSignal.status());
        assertTrue(noSignal.error().contains("no signal"), noSignal.error());
        d.displayStatus(false, false, 2, 0, 80, 1);
        CheckResult fan = check(d);
        assertEquals(Status.KO, fan.status());
        assertEquals("fan error", fan.error());
        d.displayStatus(true, true, 2, 0, 80, 0);
        assertEquals("lamp (backlight) error; temperature error", check(d).error());
        d.displayStatus(false, false, 2, 0, 60, 0);
        CheckResult hot = check(d, "display_id", 1, "temperature_warning_c", 55);
        assertEquals(Status.WARNING, hot.status());
    }

    @Test
    void unsupportedCommandsAreLeftOutAndRefusingEverythingIsKo() throws Exception {
        SimulatedMdcDisplay d = display(1);
        d.unsupported(0x00, 0x0B, 0x0E);
        CheckResult r = check(d);
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("on", r.metrics().get("power"), "from 0x11 when 0x00 is refused");
        assertTrue(!r.metrics().containsKey("volume") && !r.metrics().containsKey("serial_number"));
        d.fault(Fault.REFUSE_ALL, true);
        driver.forget("mdc-" + d.host());
        CheckResult refused = check(d);
        assertEquals(Status.KO, refused.status());
        assertTrue(refused.error().contains("refused every command"), refused.error());
    }

    @Test
    void faultModesAreKoWithTheirReason() throws Exception {
        assertKo(Fault.SILENT, "no answer within 500 ms (a display answers only requests for its own id");
        assertKo(Fault.GARBAGE, "reply does not start with 0xAA");
        assertKo(Fault.BAD_CHECKSUM, "reply with a wrong checksum");
        assertKo(Fault.CLOSE_AFTER_ACCEPT, MdcConversation.CLOSED_AT_ONCE);
        assertKo(Fault.SECURED, "turn \"Secured Protocol\" off");
        assertKo(Fault.SLOW, "no answer within 500 ms");
    }

    private void assertKo(Fault fault, String error) throws Exception {
        SimulatedMdcDisplay d = display(1);
        d.fault(fault, true);
        d.replyDelayMs(800);
        CheckResult r = check(d);
        assertEquals(Status.KO, r.status(), fault + ": " + r.error());
        assertTrue(r.error().contains(error), fault + ": " + r.error());
        await(fault + ": socket released", () -> d.openConnections() == 0);
    }

    @Test
    void slowButInTimeAndSplitRepliesAreOk() throws Exception {
        SimulatedMdcDisplay d = display(1);
        d.fault(Fault.SLOW, true).fault(Fault.SPLIT_WRITES, true);
        d.replyDelayMs(100);
        CheckResult r = check(d);
        assertEquals(Status.OK, r.status(), r.error());
        assertTrue(r.latencyMs() >= 500, "5 replies at least 100 ms late each: " + r.latencyMs());
    }

    @Test
    void aWrongDisplayIdAndAClosedPortAreKo() throws Exception {
        SimulatedMdcDisplay d = display(3);
        CheckResult r = check(d, "display_id", 1, "timeout_ms", 300);
        assertTrue(r.error().contains("check display_id"), r.error());
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            free = s.getLocalPort();
        }
        CheckResult refused = driver.check(device("gone", "127.0.0.1", free), Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS);
        assertEquals("connection refused", refused.error());
    }

    @Test
    void oneConnectionPerDisplayAtATime() throws Exception {
        SimulatedMdcDisplay d = display(1);
        d.fault(Fault.SLOW, true);
        d.replyDelayMs(50);
        Device dev = device("one", d.host(), d.port(), "display_id", 1);
        CompletableFuture<CheckResult> a = driver.check(dev, Duration.ofSeconds(5));
        CompletableFuture<CheckResult> b = driver.check(dev, Duration.ofSeconds(5));
        assertEquals(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));
        assertEquals(1, d.acceptedConnections());
    }

    @Test
    void aCancelledCheckClosesItsSocketAndStoppingEndsEverything() throws Exception {
        SimulatedMdcDisplay d = display(1);
        d.fault(Fault.SILENT, true);
        CompletableFuture<CheckResult> f = driver.check(device("c", d.host(), d.port(), "timeout_ms", 30000),
                Duration.ofSeconds(30));
        await("connected", () -> d.openConnections() == 1);
        f.cancel(true);
        await("socket closed after cancel", () -> d.openConnections() == 0);
        CompletableFuture<CheckResult> pending = driver.check(device("p", d.host(), d.port(), "timeout_ms", 30000),
                Duration.ofSeconds(30));
        await("connected", () -> d.openConnections() == 1);
        driver.deactivate();
        CheckResult stopped = pending.get(5, TimeUnit.SECONDS);
        assertEquals(Status.UNKNOWN, stopped.status(), "nothing was asked of the display");
        assertEquals("driver stopping", stopped.error());
        await("socket closed on stop", () -> d.openConnections() == 0);
        driver.activate(config(Map.of())); // For @AfterEach.
    }

    @Test
    void theIdentityIsReadOnItsCadenceAndForgetStartsAfresh() throws Exception {
        SimulatedMdcDisplay d = display(1);
        check(d);
        assertEquals(5, d.requests());
        check(d);
        assertEquals(7, d.requests(), "status and display status only");
        driver.forget("mdc-" + d.host());
        check(d);
        assertEquals(12, d.requests(), "identity read again after forget");
    }

    @Test
    void describesItsSettingsAndMetrics() {
        var description = driver.description();
        assertEquals(1515, description.defaultPort());
        assertEquals(253, description.setting("display_id").max());
        assertTrue(description.metric("temperature_c").orElseThrow().exported());
        assertTrue(driver.validate(device("x", "127.0.0.1", 1515, "display_id", 254)).get(0).toString()
                .startsWith("display_id: must be an integer between 0 and 253"));
    }

    @Test
    void passesTheDriverContract() throws Exception {
        SimulatedMdcDisplay d = display(1);
        DriverContract.assertAll(driver, (host, port) -> device("c-" + port, host, port, "display_id", 1,
                "timeout_ms", 500), device("c-ok", d.host(), d.port(), "display_id", d.displayId(), "timeout_ms", 500),
                Duration.ofSeconds(2), DriverContract.Transport.TCP);
    }
}
