package org.avmonitoring.agent.driver.qsys.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.qsys.QrcSimulator;
import org.avmonitoring.agent.testing.qsys.SimulatedCore;
import org.avmonitoring.agent.testing.stream.StreamFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.avmonitoring.agent.testing.driver.DriverContract;

/** The driver against the simulator, over loopback: every state and fault mode. */
class QsysDriverTest {
    private QrcSimulator sim;
    private QsysDriver driver;

    @BeforeEach
    void start() throws Exception {
        sim = new QrcSimulator();
        driver = new QsysDriver();
        driver.activate();
    }

    @AfterEach
    void stop() {
        driver.deactivate();
        sim.close();
    }

    private static Device device(SimulatedCore c, Object... settings) {
        Map<String, Object> s = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            s.put((String) settings[i], settings[i + 1]);
        }
        return new Device("core-1", null, "qsys", c.address().getAddress().getHostAddress(), c.address().getPort(),
                null, true, DeviceSource.LOCAL, s);
    }

    private CheckResult check(Device d) throws Exception {
        return driver.check(d, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
    }

    @Test
    void anOkCoreAndItsStatusChangesAtRunTime() throws Exception {
        SimulatedCore core = sim.add("127.0.0.2", 0).platform("Core 510i").design("Main PA", "qABC");
        CheckResult ok = check(device(core));
        assertEquals(Status.OK, ok.status(), ok.error());
        assertEquals("Core 510i", ok.metrics().get("platform"));
        assertEquals("Main PA", ok.metrics().get("design_name"));
        assertEquals("Active", ok.metrics().get("state"));
        assertNotNull(ok.latencyMs());
        assertEquals(0, core.logons(), "no credentials: no Logon");
        core.status(SimulatedCore.COMPROMISED, "Compromised - Fan");
        assertEquals(Status.WARNING, check(device(core)).status());
        core.status(SimulatedCore.FAULT, "Fault - Audio Streams");
        CheckResult fault = check(device(core));
        assertEquals(Status.KO, fault.status());
        assertEquals("Fault - Audio Streams", fault.error());
        core.status(SimulatedCore.OK, "OK").state("Standby").redundant(true);
        assertEquals(Status.OK, check(device(core)).status(), "the backup Core of a redundant pair");
        core.redundant(false);
        assertEquals(Status.WARNING, check(device(core)).status());
        core.state("Idle");
        assertEquals("no design is running (Idle)", check(device(core)).error());
    }

    @Test
    void accessControl() throws Exception {
        SimulatedCore core = sim.add("127.0.0.3", 0).accessControl("monitor", "4321");
        CheckResult none = check(device(core));
        assertEquals(Status.KO, none.status());
        assertTrue(none.error().startsWith("authentication failed"), none.error());
        CheckResult wrong = check(device(core, "username", "monitor", "password", "9999"));
        assertEquals("authentication failed", wrong.error());
        assertFalse(String.valueOf(wrong).contains("9999"), "the password is nowhere in the result");
        CheckResult right = check(device(core, "username", "monitor", "password", "4321"));
        assertEquals(Status.OK, right.status(), right.error());
        assertEquals(2, core.logons());
    }

    @Test
    void aRefusedLogonIsNotRetriedWithTheSameCredentialsForAWhile() throws Exception {
        SimulatedCore core = sim.add("127.0.0.7", 0).accessControl("monitor", "4321");
        long[] now = {1_000_000};
        driver.clock = () -> now[0];
        Device wrong = device(core, "username", "monitor", "password", "9999");
        assertEquals("authentication failed", check(wrong).error());
        CheckResult blocked = check(wrong);
        assertTrue(blocked.error().startsWith("authentication failed (the same credentials are not tried again"),
                blocked.error());
        assertEquals(1, core.logons(), "the Core was not asked again");
        now[0] += LogonBackoff.MIN_MS;
        check(wrong);
        assertEquals(2, core.logons(), "asked again once the back-off passed");
        now[0] += LogonBackoff.MIN_MS;
        check(wrong);
        assertEquals(2, core.logons(), "the second back-off is twice as long");
        driver.forget("core-1");
        check(wrong);
        assertEquals(3, core.logons(), "forget lifts the back-off");
        assertEquals(Status.OK, check(device(core, "username", "monitor", "password", "4321")).status(),
                "new credentials are tried at once");
    }

    @Test
    void faultModesAreKoWithAReason() throws Exception {
        SimulatedCore core = sim.add("127.0.0.4", 0);
        Device d = device(core, "timeout_ms", 500);
        core.fault(StreamFault.SILENT);
        assertEquals("no answer within 500 ms", check(d).error());
        core.fault(StreamFault.CLOSE);
        assertEquals("connection closed by the device", check(d).error());
        core.fault(StreamFault.GARBAGE);
        CheckResult garbage = check(d);
        assertEquals(Status.KO, garbage.status());
        assertNotNull(garbage.error());
        core.fault(StreamFault.SLOW).slowMs(1000);
        assertEquals("no answer within 500 ms", check(d).error());
        core.slowMs(100);
        assertEquals(Status.OK, check(d).status(), "slow but within the step timeout");
    }

    @Test
    void oneConnectionPerCoreAndCancelClosesIt() throws Exception {
        SimulatedCore core = sim.add("127.0.0.5", 0).fault(StreamFault.SILENT);
        Device d = device(core, "timeout_ms", 5000);
        CompletableFuture<CheckResult> first = driver.check(d, Duration.ofSeconds(10));
        CompletableFuture<CheckResult> second = driver.check(d, Duration.ofSeconds(10));
        waitFor(() -> sim.openConnections() == 1);
        first.cancel(false);
        waitFor(() -> sim.openConnections() == 0);
        assertEquals(1, core.connections());
        assertEquals(Status.UNKNOWN, second.get(5, TimeUnit.SECONDS).status());
    }

    @Test
    void invalidSettingsNeverReachTheCore() throws Exception {
        SimulatedCore core = sim.add("127.0.0.6", 0);
        CheckResult r = check(device(core, "password", 1234));
        assertEquals(Status.UNKNOWN, r.status());
        assertTrue(r.error().contains("password"));
        assertNull(r.latencyMs());
        assertEquals(0, core.connections());
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
        SimulatedCore core = sim.add("127.0.0.9", 0).accessControl("monitor", "contract-pin-4321");
        DriverContract.assertAll(driver, (host, port) -> new Device("c-" + port, null, "qsys", host, port, null, true,
                DeviceSource.LOCAL, Map.of("username", "monitor", "password", "contract-pin-4321", "timeout_ms", 500)),
                device(core, "username", "monitor", "password", "contract-pin-4321", "timeout_ms", 500),
                Duration.ofSeconds(2), DriverContract.Transport.TCP);
    }
}
