package org.avmonitoring.agent.driver.pjlink.internal;

import org.avmonitoring.agent.testing.driver.DriverContract;
import static org.avmonitoring.agent.driver.pjlink.internal.PjLinkTestSupport.device;
import static org.avmonitoring.agent.driver.pjlink.internal.PjLinkTestSupport.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.pjlink.Fault;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector.Power;
import org.avmonitoring.agent.testing.support.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The driver against the projector simulator over loopback: states, classes, passwords, faults. */
class PjLinkDriverTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static ProjectorSimulator sim;
    private PjLinkDriver driver;
    private final List<SimulatedProjector> used = new ArrayList<>();

    @BeforeAll
    static void startSimulator() throws IOException {
        sim = new ProjectorSimulator();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void startDriver() throws IOException {
        driver = PjLinkTestSupport.startDriver(map());
    }

    @AfterEach
    void stopDriverAndCheckNothingLeaks() throws InterruptedException {
        driver.deactivate();
        assertEquals(0L, PjLinkTestSupport.threadsNamed("pjlink-io"), "the I/O thread ends with the component");
        // Every connection the driver opened is closed: the projectors see EOF.
        for (SimulatedProjector p : used) {
            Await.until(Duration.ofMillis(3000), () -> p.openConnections() == 0, "connections to " + p + " closed");
        }
    }

    private SimulatedProjector projector(int cls, String password) throws IOException {
        SimulatedProjector p = sim.add(new SimulatedProjector.Spec().projectorClass(cls).password(password));
        used.add(p);
        return p;
    }

    private CheckResult poll(Device d) throws Exception {
        return driver.check(d, DEADLINE).get(10, TimeUnit.SECONDS);
    }

    @Test
    void classOneWithoutPassword() throws Exception {
        SimulatedProjector p = projector(1, null).power(Power.ON).lamps(1234).lampOn(1, true).input("32").avMute("31");
        p.name("Salle 101 gauche").identity("ACME", "PJ-9000", "firmware 2");
        CheckResult r = poll(device("proj-1", p));
        assertEquals(Status.OK, r.status(), r.toString());
        assertNull(r.error());
        assertEquals("on", r.metrics().get("power"));
        assertEquals("32", r.metrics().get("input"));
        assertEquals("digital", r.metrics().get("input_type"));
        assertEquals("31", r.metrics().get("av_mute"));
        assertEquals(true, r.metrics().get("video_mute"));
        assertEquals(true, r.metrics().get("audio_mute"));
        assertEquals("ok", r.metrics().get("error_fan"));
        assertEquals("ok", r.metrics().get("error_other"));
        assertEquals(1, r.metrics().get("lamp_count"));
        assertEquals(1234, r.metrics().get("lamp_1_hours"));
        assertEquals(true, r.metrics().get("lamp_1_on"));
        assertEquals("Salle 101 gauche", r.metrics().get("name"), "NAME is free text, not split on spaces");
        assertEquals("ACME", r.metrics().get("manufacturer"));
        assertEquals("PJ-9000", r.metrics().get("product"));
        assertEquals("firmware 2", r.metrics().get("info"));
        assertEquals(1, r.metrics().get("class"));
        assertTrue(r.latencyMs() != null && r.latencyMs() >= 0);
        assertFalse(r.metrics().containsKey("serial_number"), "no class 2 command for a class 1 device");
        assertTrue(p.receivedCommands().stream().noneMatch(c -> c.startsWith("%2")), p.receivedCommands().toString());
    }

    @Test
    void classTwoWithPassword() throws Exception {
        SimulatedProjector p = projector(2, "JBMIAProjectorLink").power(Power.ON).input("6A").inputName("6A", "Médiaplayer");
        p.serialNumber("SN-42").softwareVersion("3.1").filterHours(120).inputResolution("3840x2160").recommendedResolution("1920x1200");
        CheckResult r = poll(device("proj-2", p, "password", "JBMIAProjectorLink"));
        assertEquals(Status.OK, r.status(), r.toString());
        assertEquals(2, r.metrics().get("class"));
        assertEquals("6A", r.metrics().get("input"), "class 2 input codes are not integers");
        assertEquals("internal", r.metrics().get("input_type"));
        assertEquals("Médiaplayer", r.metrics().get("input_name"));
        assertEquals("SN-42", r.metrics().get("serial_number"));
        assertEquals("3.1", r.metrics().get("software_version"));
        assertEquals(120, r.metrics().get("filter_hours"));
        assertEquals("3840x2160", r.metrics().get("input_resolution"));
        assertEquals("1920x1200", r.metrics().get("recommended_resolution"));
        assertTrue(p.receivedCommands().contains("%2INPT ?"));
        assertFalse(p.receivedCommands().contains("%2POWR ?"), "POWR only exists as %1");
    }

    @ParameterizedTest
    @CsvSource({"STANDBY,off", "ON,on", "COOLING,cooling", "WARMING,warming"})
    void everyPowerStateIsOk(Power power, String metric) throws Exception {
        SimulatedProjector p = projector(1, null).power(power);
        CheckResult r = poll(device("proj-p", p));
        assertEquals(Status.OK, r.status(), "standby is not a fault: " + r);
        assertEquals(metric, r.metrics().get("power"));
    }

    @ParameterizedTest
    @CsvSource({
        "100000,WARNING,fan warning", "010000,WARNING,lamp warning", "002000,KO,temperature error",
        "000200,KO,cover error", "000010,WARNING,filter warning", "000002,KO,other error",
        "120000,KO,fan warning; lamp error"})
    void errorStatus(String erst, Status status, String error) throws Exception {
        SimulatedProjector p = projector(1, null).errorStatus(erst);
        CheckResult r = poll(device("proj-e", p));
        assertEquals(status, r.status());
        assertEquals(error, r.error());
    }

    @Test
    void wearThresholds() throws Exception {
        SimulatedProjector p = projector(2, null).lamps(2950, 100).filterHours(1200);
        CheckResult r = poll(device("proj-w", p, "lamp_hours_warning", 2800, "filter_hours_warning", 1000));
        assertEquals(Status.WARNING, r.status());
        assertEquals("lamp 1: 2950 h ≥ 2800 h; filter: 1200 h ≥ 1000 h", r.error());
        assertEquals(2, r.metrics().get("lamp_count"));
        assertEquals(100, r.metrics().get("lamp_2_hours"));
    }

    @Test
    void laserProjectorWithoutLampOrFilterIsOk() throws Exception {
        SimulatedProjector p = projector(2, null).lamps().filterHours(null);
        CheckResult r = poll(device("proj-laser", p, "lamp_hours_warning", 1));
        assertEquals(Status.OK, r.status(), r.toString());
        assertFalse(r.metrics().containsKey("lamp_count"));
        assertFalse(r.metrics().containsKey("lamp_1_hours"));
        assertFalse(r.metrics().containsKey("filter_hours"));
    }

    @Test
    void wrongPasswordIsKoAndBacksOff() throws Exception {
        SimulatedProjector p = projector(1, "right");
        CheckResult r = poll(device("proj-a", p, "password", "wrong"));
        assertEquals(Status.KO, r.status());
        assertEquals("authentication failed", r.error());
        int connections = p.acceptedConnections();
        CheckResult again = poll(device("proj-a", p, "password", "wrong"));
        assertEquals(Status.KO, again.status());
        assertTrue(again.error().startsWith("authentication failed"), again.error());
        assertTrue(again.error().contains("not retried before"), again.error());
        assertEquals(connections, p.acceptedConnections(), "no retry against the device during the back-off");
        CheckResult fixed = poll(device("proj-a", p, "password", "right"));
        assertEquals(Status.OK, fixed.status(), "a changed password is tried at once: " + fixed);
        assertFalse(fixed.toString().contains("right"), "the password never shows in a result");
    }

    @Test
    void missingPassword() throws Exception {
        SimulatedProjector p = projector(1, "secret");
        CheckResult r = poll(device("proj-np", p));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("authentication failed"), r.error());
    }

    @Test
    void unneededPasswordIsHarmless() throws Exception {
        SimulatedProjector p = projector(1, null);
        assertEquals(Status.OK, poll(device("proj-up", p, "password", "whatever")).status());
    }

    @Test
    void alwaysErra() throws Exception {
        SimulatedProjector p = projector(1, "x").faults(Fault.ALWAYS_ERRA);
        CheckResult r = poll(device("proj-erra", p, "password", "x"));
        assertEquals(Status.KO, r.status());
        assertEquals("authentication failed", r.error());
    }

    @Test
    void silentAfterConnect() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.SILENT);
        long t0 = System.nanoTime();
        CheckResult r = poll(device("proj-s", p, "timeout_ms", 300));
        assertEquals(Status.KO, r.status());
        assertEquals("no greeting within 300 ms", r.error());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4), "bounded by timeout_ms, not the 30 s idle close");
    }

    @Test
    void slowReplyWithinAndBeyondTimeout() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.SLOW_REPLY).replyDelayMs(30);
        assertEquals(Status.OK, poll(device("proj-slow", p, "timeout_ms", 1000)).status());
        p.replyDelayMs(800);
        CheckResult r = poll(device("proj-slow", p, "timeout_ms", 200));
        assertEquals(Status.KO, r.status());
        assertEquals("no greeting within 200 ms", r.error());
    }

    @Test
    void deadlineBoundsTheWholePoll() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.SLOW_REPLY).replyDelayMs(150);
        long t0 = System.nanoTime();
        CheckResult r = driver.check(device("proj-d", p, "timeout_ms", 1000), Duration.ofMillis(700)).get(5, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().contains("within"), r.error());
        assertTrue(ms < 2000, "completed after " + ms + " ms");
    }

    @Test
    void garbageInsteadOfGreeting() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.GARBAGE);
        CheckResult r = poll(device("proj-g", p, "timeout_ms", 500));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("not a PJLink greeting") || r.error().startsWith("reply line longer"), r.error());
        assertTrue(r.error().length() < 300, "error text is bounded");
    }

    @Test
    void garbageReplies() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.GARBAGE_REPLIES);
        CheckResult r = poll(device("proj-gr", p, "timeout_ms", 500));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("malformed reply") || r.error().startsWith("reply line longer"), r.error());
    }

    @Test
    void repliesInOneByteWrites() throws Exception {
        SimulatedProjector p = projector(2, "pw").faults(Fault.SPLIT_WRITES).power(Power.ON);
        CheckResult r = poll(device("proj-split", p, "password", "pw"));
        assertEquals(Status.OK, r.status(), r.toString());
        assertEquals("on", r.metrics().get("power"));
        assertEquals("SIM0001", r.metrics().get("serial_number"));
    }

    @Test
    void lowerCaseReplies() throws Exception {
        SimulatedProjector p = projector(2, null).faults(Fault.LOWER_CASE).power(Power.WARMING);
        CheckResult r = poll(device("proj-lc", p));
        assertEquals(Status.OK, r.status(), r.toString());
        assertEquals("warming", r.metrics().get("power"));
        assertEquals(2, r.metrics().get("class"));
    }

    @Test
    void closesAfterGreeting() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.CLOSE_AFTER_GREETING);
        CheckResult r = poll(device("proj-cag", p));
        assertEquals(Status.KO, r.status());
        assertEquals("connection closed by the projector (waiting for the reply to %1CLSS)", r.error());
    }

    @Test
    void closesAfterEachReplyIsReconnected() throws Exception {
        SimulatedProjector p = projector(2, "pw").faults(Fault.CLOSE_AFTER_EACH_REPLY).power(Power.ON);
        CheckResult r = poll(device("proj-cer", p, "password", "pw"));
        assertEquals(Status.OK, r.status(), r.toString());
        assertEquals("on", r.metrics().get("power"));
        assertTrue(p.acceptedConnections() > 5, "one connection per command: " + p.acceptedConnections());
        assertEquals(1, p.peakOpenConnections(), "never two connections to one device");
    }

    @Test
    void endlessLineIsCut() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.ENDLESS_LINE);
        CheckResult r = poll(device("proj-endless", p));
        assertEquals(Status.KO, r.status());
        assertEquals("reply line longer than 256 bytes (waiting for the reply to %1CLSS)", r.error());
    }

    @Test
    void err3IsBusyNotKo() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.ERR3).power(Power.WARMING);
        CheckResult r = poll(device("proj-err3", p));
        assertEquals(Status.OK, r.status(), r.toString());
        assertEquals("warming", r.metrics().get("power"));
        assertFalse(r.metrics().containsKey("lamp_1_hours"));
        assertEquals(List.of("ERST", "INPT", "AVMT", "LAMP", "NAME", "INF1", "INF2", "INFO"), r.metrics().get("unavailable"));
        // Identity was unavailable: it is asked again next time rather than cached as missing.
        p.faults();
        p.clearReceivedCommands();
        CheckResult later = poll(device("proj-err3", p));
        assertTrue(p.receivedCommands().contains("%1NAME ?"), p.receivedCommands().toString());
        assertEquals("Projector", later.metrics().get("name"));
    }

    @Test
    void err4IsProjectorFailure() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.ERR4);
        CheckResult r = poll(device("proj-err4", p));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("projector failure (ERR4 answering %1POWR)"), r.error());
    }

    @Test
    void classAsTextAndCrlf() throws Exception {
        SimulatedProjector p = projector(2, null).faults(Fault.CLASS_AS_TEXT, Fault.CRLF);
        CheckResult r = poll(device("proj-ct", p));
        assertEquals(Status.OK, r.status(), r.toString());
        assertEquals(2, r.metrics().get("class"));
        assertTrue(r.metrics().containsKey("serial_number"));
    }

    @Test
    void latin1NameAndNoSignal() throws Exception {
        SimulatedProjector p = projector(2, null).nameBytes("Salle Éiffel".getBytes(StandardCharsets.ISO_8859_1)).inputResolution("-");
        CheckResult r = poll(device("proj-l1", p));
        assertEquals("Salle Éiffel", r.metrics().get("name"));
        assertEquals("no_signal", r.metrics().get("input_resolution"));
    }

    @Test
    void detailsAreAskedAgainOnlyWhenStaleOrWhenThePowerChanges() throws Exception {
        SimulatedProjector p = projector(2, null).power(Power.ON).lamps(2950).filterHours(10).input("31");
        Device d = device("proj-d", p, "lamp_hours_warning", 2800);
        CheckResult first = poll(d);
        assertTrue(p.receivedCommands().contains("%1LAMP ?"), p.receivedCommands().toString());
        assertFalse(first.metrics().containsKey("details_age_s"), "fresh details carry no age");

        p.clearReceivedCommands();
        p.lamps(3001).input("32");
        CheckResult quick = poll(d);
        assertEquals(List.of("%1POWR ?", "%1ERST ?"), p.receivedCommands(), "a poll within the refresh asks 2 commands");
        assertEquals(2950, quick.metrics().get("lamp_1_hours"), "the last answers are reported in between");
        assertEquals("31", quick.metrics().get("input"));
        assertEquals(10, quick.metrics().get("filter_hours"));
        assertTrue(quick.metrics().get("details_age_s") instanceof Long, quick.metrics().toString());
        assertEquals(Status.WARNING, quick.status(), "a warning from the details stays raised");
        assertEquals("lamp 1: 2950 h ≥ 2800 h", quick.error());
        CheckResult raised = poll(device("proj-d", p, "lamp_hours_warning", 3000));
        assertEquals(Status.OK, raised.status(), "a threshold edit applies at once to remembered hours: " + raised.error());
        CheckResult lowered = poll(device("proj-d", p, "lamp_hours_warning", 2000, "filter_hours_warning", 10));
        assertEquals("lamp 1: 2950 h ≥ 2000 h; filter: 10 h ≥ 10 h", lowered.error());
        assertFalse(p.receivedCommands().contains("%1LAMP ?"), "still from memory: " + p.receivedCommands());

        p.clearReceivedCommands();
        p.power(Power.COOLING);
        CheckResult switchedOff = poll(d);
        assertTrue(p.receivedCommands().contains("%1LAMP ?"), "a power change asks the details at once: "
                + p.receivedCommands());
        assertEquals(3001, switchedOff.metrics().get("lamp_1_hours"));
        assertEquals("32", switchedOff.metrics().get("input"));
        assertFalse(switchedOff.metrics().containsKey("details_age_s"));
    }

    @Test
    void detailsRefreshZeroAsksEverythingEveryPoll() throws Exception {
        driver.deactivate();
        driver = PjLinkTestSupport.startDriver(map("detailsRefreshS", 0));
        SimulatedProjector p = projector(2, null).power(Power.ON).lamps(100);
        Device d = device("proj-d0", p);
        poll(d);
        p.clearReceivedCommands();
        p.lamps(101);
        CheckResult again = poll(d);
        assertTrue(p.receivedCommands().containsAll(List.of("%1LAMP ?", "%2FILT ?", "%2IRES ?", "%2INPT ?", "%1AVMT ?")),
                p.receivedCommands().toString());
        assertEquals(101, again.metrics().get("lamp_1_hours"));
    }

    @Test
    void classAndIdentityAreCached() throws Exception {
        SimulatedProjector p = projector(2, null);
        poll(device("proj-c", p));
        p.clearReceivedCommands();
        p.name("renamed");
        CheckResult second = poll(device("proj-c", p));
        List<String> cmds = p.receivedCommands();
        assertFalse(cmds.contains("%1CLSS ?"), cmds.toString());
        assertFalse(cmds.contains("%1NAME ?"), "identity is read once an hour: " + cmds);
        assertTrue(cmds.contains("%1POWR ?"));
        assertEquals("Projector", second.metrics().get("name"), "cached identity is still reported");
        assertEquals(2, second.metrics().get("class"));
    }

    @Test
    void connectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CheckResult r = poll(device("proj-refused", "127.0.0.1", port));
        assertEquals(Status.KO, r.status());
        assertEquals("connection refused", r.error());
    }

    @Test
    void hostNameIsResolvedOffTheIoThread() throws Exception {
        // "localhost" comes from /etc/hosts: no query leaves the machine.
        SimulatedProjector p = projector(1, null);
        CheckResult r = poll(device("proj-name", "localhost", p.port()));
        assertEquals(Status.OK, r.status(), r.toString());
    }

    @Test
    void oneConnectionPerDeviceAtATime() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.SLOW_REPLY).replyDelayMs(20);
        List<CompletableFuture<CheckResult>> polls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            polls.add(driver.check(device("proj-serial", p), DEADLINE));
        }
        for (CompletableFuture<CheckResult> f : polls) {
            assertEquals(Status.OK, f.get(10, TimeUnit.SECONDS).status());
        }
        assertEquals(4, p.acceptedConnections());
        assertEquals(1, p.peakOpenConnections());
    }

    @Test
    void cancellingClosesTheSocket() throws Exception {
        SimulatedProjector p = projector(1, null).faults(Fault.SILENT);
        CompletableFuture<CheckResult> f = driver.check(device("proj-cancel", p, "timeout_ms", 60000), Duration.ofSeconds(60));
        Await.until(Duration.ofMillis(3000), () -> p.openConnections() == 1, "connected");
        f.cancel(true);
        Await.until(Duration.ofMillis(3000), () -> p.openConnections() == 0, "socket closed after cancel");
    }

    @Test
    void invalidSettingsAreReportedNotPolled() throws Exception {
        SimulatedProjector p = projector(1, null);
        CheckResult r = poll(device("proj-bad", p, "password", "two words"));
        assertEquals(Status.UNKNOWN, r.status(), "nothing was asked of the device");
        assertEquals("invalid settings: password: must be at most 32 printable ASCII characters (PJLink §5.1)", r.error());
        assertEquals(0, p.acceptedConnections());
    }

    @Test
    void validation() {
        assertEquals(List.of(), driver.validate(device("v", "127.0.0.1", 4352, "password", "abc", "lamp_hours_warning", 2800,
                "filter_hours_warning", 1000.0, "timeout_ms", 3000)));
        String longPassword = "x".repeat(33);
        String problems = driver.validate(device("v", "127.0.0.1", 4352, "password", longPassword)).toString();
        assertEquals("[password: must be at most 32 printable ASCII characters (PJLink §5.1)]", problems);
        assertEquals("[password: must be at most 32 printable ASCII characters (PJLink §5.1)]",
                driver.validate(device("v", "127.0.0.1", 4352, "password", "pass word")).toString());
    }

    @Test
    void theDescriptionCarriesTypesRangesAndValueLabels() {
        var d = driver.description();
        assertTrue(d.setting("password").secret());
        assertEquals(99_999, d.setting("lamp_hours_warning").max());
        assertEquals(60_000, d.setting("timeout_ms").max());
        assertEquals("Lamp 2", PjLinkDescription.metric("lamp_2_hours").labelFor("lamp_2_hours"));
        assertTrue(PjLinkDescription.metric("lamp_1_hours").trend() && PjLinkDescription.metric("filter_hours").trend());
        assertTrue(PjLinkDescription.metric("input").valueLabels().contains(
                new org.avmonitoring.agent.api.driver.SettingDescription.Choice("31", "Digital 1")));
        assertTrue(PjLinkDescription.metric("av_mute").valueLabels().contains(
                new org.avmonitoring.agent.api.driver.SettingDescription.Choice("30", "off")));
    }

    @Test
    void forgetFreesWhatTheDriverRemembersOfADevice() throws Exception {
        SimulatedProjector p = projector(2, null);
        assertEquals(Status.OK, poll(device("proj-forget", p)).status());
        assertEquals(1, driver.remembered().get());
        driver.forget("proj-forget");
        assertEquals(0, driver.remembered().get());
    }

    @Test
    void differentDevicesRunInParallel() throws Exception {
        List<SimulatedProjector> ps = new ArrayList<>();
        List<CompletableFuture<CheckResult>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SimulatedProjector p = sim.add(new SimulatedProjector.Spec().address("127.0.2." + (i + 1)).projectorClass(1 + i % 2))
                    .faults(Fault.SLOW_REPLY).replyDelayMs(100);
            used.add(p);
            ps.add(p);
        }
        for (int i = 0; i < ps.size(); i++) {
            fs.add(driver.check(device("par-" + i, ps.get(i), "timeout_ms", 2000), Duration.ofSeconds(20)));
        }
        Await.until(Duration.ofMillis(5000), () -> sim.openConnections() == 20, "all 20 devices connected at once");
        assertEquals(1L, PjLinkTestSupport.threadsNamed("pjlink-io"), "one I/O thread, not one per device");
        for (CompletableFuture<CheckResult> f : fs) {
            assertEquals(Status.OK, f.get(30, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void passesTheDriverContract() throws Exception {
        SimulatedProjector p = projector(2, "contract-secret-1").power(Power.ON).lamps(1234);
        DriverContract.assertAll(driver, (host, port) -> device("c-" + port, host, port, "password", "contract-secret-1"),
                device("c-ok", p, "password", "contract-secret-1"), Duration.ofSeconds(2), DriverContract.Transport.TCP);
    }
}
