package org.avmonitoring.agent.driver.extron.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.extron.ExtronSimulator;
import org.avmonitoring.agent.testing.extron.SimulatedSwitcher;
import org.avmonitoring.agent.testing.extron.SwitcherFault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.avmonitoring.agent.testing.driver.DriverContract;

/** The driver against simulated Extron devices over real TCP on loopback: every state and fault mode. */
class ExtronSisDriverTest {
    private static ExtronSimulator sim;
    private static ExtronSisDriver driver;
    private static int nextAddress = 2;

    @BeforeAll
    static void start() throws Exception {
        sim = new ExtronSimulator();
        driver = new ExtronSisDriver();
        driver.activate();
    }

    @AfterAll
    static void stop() {
        driver.deactivate();
        sim.close();
    }

    private static synchronized SimulatedSwitcher switcher() throws Exception {
        return sim.add("127.0.30." + nextAddress++, 0);
    }

    static Device device(String id, SimulatedSwitcher s, Object... settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeout_ms", 1000);
        for (int i = 0; i < settings.length; i += 2) {
            m.put((String) settings[i], settings[i + 1]);
        }
        return new Device(id, null, ExtronSisDriver.TYPE_NAME, s.host(), s.port(), 60, true, DeviceSource.LOCAL, m);
    }

    private static CheckResult check(Device d) throws Exception {
        return driver.check(d, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
    }

    @Test
    void deviceWithoutPasswordAnswersEveryQuery() throws Exception {
        SimulatedSwitcher s = switcher().identity("DTP CrossPoint 84", "1.05.0001", "60-1381-01", "V8X4 A8X4");
        CheckResult r = check(device("open", s));
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("DTP CrossPoint 84", r.metrics().get("model"));
        assertEquals("1.05.0001", r.metrics().get("firmware_version"));
        assertEquals("60-1381-01", r.metrics().get("part_number"));
        assertEquals("V8X4 A8X4", r.metrics().get("information"));
        assertEquals(41.5, r.metrics().get("temperature_c"));
        assertEquals(2, r.metrics().get("inputs_with_signal"));
        assertEquals(true, r.metrics().get("input_1_signal"));
        assertEquals(false, r.metrics().get("input_2_signal"));
        assertNull(r.metrics().get("unsupported_queries"));
        assertTrue(r.latencyMs() != null);
        assertEquals(List.of("Q", "N", "I", "\u001b20STAT", "0LS"), s.received());
    }

    @Test
    void queriesTheProductDoesNotHaveAreLeftOutNotFaults() throws Exception {
        SimulatedSwitcher s = switcher().temperatureC(null).signals((Boolean[]) null);
        CheckResult r = check(device("e10", s, "temperature_warning_c", 50));
        assertEquals(Status.OK, r.status(), r.error());
        assertFalse(r.metrics().containsKey("temperature_c"));
        assertFalse(r.metrics().containsKey("inputs_with_signal"));
        assertEquals("temperature (E10) signal_presence (E10)", r.metrics().get("unsupported_queries"));
    }

    @Test
    void temperatureAboveTheThresholdIsAWarning() throws Exception {
        SimulatedSwitcher s = switcher().temperatureC(61.25);
        CheckResult r = check(device("hot", s, "temperature_warning_c", 60));
        assertEquals(Status.WARNING, r.status());
        assertEquals("temperature 61.25 °C above 60 °C", r.error());
        s.temperatureC(45.0);
        assertEquals(Status.OK, check(device("hot", s, "temperature_warning_c", 60)).status());
        s.temperatureC(99.0);
        assertEquals(Status.OK, check(device("hot", s)).status(), "no threshold, no warning");
    }

    @Test
    void passwordIsSentAtThePromptAndLoginIsReported() throws Exception {
        SimulatedSwitcher s = switcher().passwords("admin-pw", "user-pw");
        CheckResult r = check(device("pw", s, "password", "admin-pw"));
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("Administrator", r.metrics().get("login"));
        assertEquals("1.23", r.metrics().get("firmware_version"));
        r = check(device("pw", s, "password", "user-pw"));
        assertEquals("User", r.metrics().get("login"));
    }

    @Test
    void wrongOrMissingPasswordIsKoWithoutLeakingIt() throws Exception {
        SimulatedSwitcher s = switcher().passwords("admin-pw", null);
        CheckResult r = check(device("badpw", s, "password", "not-it"));
        assertEquals(Status.KO, r.status());
        assertEquals("login failed", r.error());
        assertFalse(r.toString().contains("not-it"));
        assertEquals(List.of("not-it"), s.received(), "one attempt per poll, no query sent");

        r = check(device("nopw", s));
        assertEquals(Status.KO, r.status());
        assertEquals("the device asks for a password: set the password setting", r.error());

        SimulatedSwitcher refuses = switcher().faults(SwitcherFault.AUTH_FAILS);
        assertEquals("login failed", check(device("refuses", refuses, "password", "x")).error());
    }

    @Test
    void passwordConfiguredButNoPromptIsExplained() throws Exception {
        SimulatedSwitcher s = switcher();
        CheckResult r = check(device("noprompt", s, "password", "pw", "timeout_ms", 400));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("no Password: prompt within 400 ms"), r.error());
    }

    @Test
    void unreachableSilentGarbageCloseSlowAndEndlessAreKo() throws Exception {
        SimulatedSwitcher any = switcher();
        CheckResult r = check(new Device("refused", null, "extron-sis", "127.0.31.1", 9, 60, true, null, Map.of()));
        assertEquals(Status.KO, r.status());
        assertEquals("connection refused", r.error());

        any.faults(SwitcherFault.SILENT);
        r = check(device("silent", any, "timeout_ms", 300));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("no copyright banner within 300 ms"), r.error());

        SimulatedSwitcher garbage = switcher().faults(SwitcherFault.GARBAGE);
        r = check(device("garbage", garbage, "timeout_ms", 300));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("no copyright banner"), r.error());

        SimulatedSwitcher close = switcher().faults(SwitcherFault.CLOSE);
        r = check(device("close", close));
        assertEquals(Status.KO, r.status());
        assertEquals("connection closed by the device", r.error());

        SimulatedSwitcher slow = switcher().faults(SwitcherFault.SLOW).replyDelayMs(800);
        r = check(device("slow", slow, "timeout_ms", 300));
        assertEquals(Status.KO, r.status());
        slow.replyDelayMs(20);
        assertEquals(Status.OK, check(device("slow", slow, "timeout_ms", 1000)).status());

        SimulatedSwitcher endless = switcher().faults(SwitcherFault.ENDLESS);
        r = check(device("endless", endless));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("more than"), r.error());
    }

    @Test
    void deadlineAndCancelCloseTheConnection() throws Exception {
        SimulatedSwitcher silent = switcher().faults(SwitcherFault.SILENT);
        CheckResult r = driver.check(device("deadline", silent, "timeout_ms", 60000), Duration.ofMillis(300))
                .get(5, TimeUnit.SECONDS);
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("deadline"), r.error());
        CompletableFuture<CheckResult> f = driver.check(device("cancel", silent, "timeout_ms", 60000), Duration.ofSeconds(30));
        await(() -> silent.connections() == 2);
        f.cancel(true);
        await(() -> sim.openConnections() == 0);
    }

    @Test
    void aSecondCheckOfTheSameDeviceSharesTheFirst() throws Exception {
        SimulatedSwitcher slow = switcher().faults(SwitcherFault.SLOW).replyDelayMs(50);
        Device d = device("shared", slow);
        CompletableFuture<CheckResult> first = driver.check(d, Duration.ofSeconds(10));
        CompletableFuture<CheckResult> second = driver.check(d, Duration.ofSeconds(10));
        assertEquals(Status.OK, first.get(10, TimeUnit.SECONDS).status());
        assertEquals(Status.OK, second.get(10, TimeUnit.SECONDS).status());
        assertEquals(1, slow.connections());
    }

    @Test
    void stoppingTheDriverCompletesPendingChecks() throws Exception {
        SimulatedSwitcher silent = switcher().faults(SwitcherFault.SILENT);
        ExtronSisDriver own = new ExtronSisDriver();
        own.activate();
        CompletableFuture<CheckResult> f = own.check(device("stop", silent, "timeout_ms", 60000), Duration.ofSeconds(60));
        await(() -> silent.connections() == 1);
        own.deactivate();
        CheckResult r = f.get(5, TimeUnit.SECONDS);
        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("Extron SIS driver stopped", r.error());
    }

    @Test
    void invalidSettingsAreNamed() {
        Device d = new Device("bad", null, "extron-sis", "127.0.0.1", 70000, 60, true, null,
                Map.of("password", 12, "temperature_warning_c", 500, "timeout_ms", "fast"));
        assertEquals(List.of("port", "timeout_ms", "password", "temperature_warning_c"),
                driver.validate(d).stream().map(p -> p.path()).toList());
        assertEquals(Status.UNKNOWN, driver.check(d, Duration.ofSeconds(1)).join().status());
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Thread.sleep(10);
        }
    }

    @Test
    void passesTheDriverContract() throws Exception {
        SimulatedSwitcher s = switcher();
        DriverContract.assertAll(driver, (host, port) -> new Device("c-" + port, null, ExtronSisDriver.TYPE_NAME, host,
                port, 60, true, DeviceSource.LOCAL, Map.of("timeout_ms", 500)), device("c-ok", s),
                Duration.ofSeconds(2), DriverContract.Transport.TCP);
    }
}
