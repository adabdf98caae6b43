package org.avmonitoring.agent.driver.cisco.internal;

import static org.avmonitoring.agent.driver.cisco.internal.CiscoTestSupport.PASSWORD;
import static org.avmonitoring.agent.driver.cisco.internal.CiscoTestSupport.USER;
import static org.avmonitoring.agent.driver.cisco.internal.CiscoTestSupport.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.cisco.CodecFault;
import org.avmonitoring.agent.testing.cisco.CodecSimulator;
import org.avmonitoring.agent.testing.cisco.SimulatedCodec;
import org.avmonitoring.agent.testing.cisco.SimulatedCodec.Message;
import org.avmonitoring.agent.testing.cisco.SimulatedCodec.Peripheral;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.avmonitoring.agent.testing.driver.DriverContract;

/** The driver against simulated codecs over real HTTPS (and HTTP) on loopback: every state and fault mode. */
class CiscoXapiDriverTest {
    private static CodecSimulator sim;
    private static CiscoXapiDriver driver;
    private static int nextAddress = 2;

    @BeforeAll
    static void start() throws Exception {
        sim = new CodecSimulator();
        driver = CiscoTestSupport.startDriver(Map.of("authRetryS", 300));
    }

    @AfterAll
    static void stop() {
        driver.deactivate();
        sim.close();
    }

    private static synchronized SimulatedCodec codec(boolean https) throws Exception {
        return sim.add("127.0.20." + nextAddress++, 0, https, USER, PASSWORD);
    }

    private static CheckResult check(org.avmonitoring.agent.api.Device d) throws Exception {
        return driver.check(d, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
    }

    @Test
    void healthyAwakeCodecIsOkWithItsStatus() throws Exception {
        SimulatedCodec c = codec(true).identity("Cisco Webex Room Bar", "ce11.14.1.4", "FOC1234ABCD").uptimeS(3600)
                .activeCalls(1);
        CheckResult r = check(device("ok", c, sim.certificateSha256()));
        assertEquals(Status.OK, r.status(), r.error());
        assertNull(r.error());
        assertEquals("Cisco Webex Room Bar", r.metrics().get("product"));
        assertEquals("ce11.14.1.4", r.metrics().get("software_version"));
        assertEquals("FOC1234ABCD", r.metrics().get("serial_number"));
        assertEquals(3600L, r.metrics().get("uptime_s"));
        assertEquals(1L, r.metrics().get("active_calls"));
        assertEquals("Off", r.metrics().get("standby"));
        assertEquals(0, r.metrics().get("diagnostics_errors"));
        assertEquals(2, r.metrics().get("peripherals_connected"));
        assertEquals(0, r.metrics().get("peripherals_lost"));
        assertTrue(r.latencyMs() != null && r.latencyMs() > 0);
    }

    @Test
    void standbyIsOk() throws Exception {
        SimulatedCodec c = codec(true).standby("Standby");
        CheckResult r = check(device("standby", c, sim.certificateSha256()));
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("Standby", r.metrics().get("standby"));
    }

    @Test
    void errorOrCriticalDiagnosticIsKoWarningIsWarning() throws Exception {
        SimulatedCodec c = codec(true).messages(new Message("Warning", "NetLinkStatus", "Network link is 100 Mbps"));
        CheckResult r = check(device("diag", c, sim.certificateSha256()));
        assertEquals(Status.WARNING, r.status());
        assertTrue(r.error().contains("NetLinkStatus 'Network link is 100 Mbps'"), r.error());
        assertEquals(1, r.metrics().get("diagnostics_warnings"));

        c.messages(new Message("Critical", "TemperatureCheck", "The system is too hot"),
                new Message("Info", "SIPProfileRegistration", "informational only"));
        r = check(device("diag", c, sim.certificateSha256()));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().contains("TemperatureCheck"), r.error());
        assertFalse(r.error().contains("informational"), r.error());
        assertEquals(1, r.metrics().get("diagnostics_errors"));

        c.messages(new Message("Error", "CameraStatus", "Camera 1 not detected"));
        assertEquals(Status.KO, check(device("diag", c, sim.certificateSha256())).status());
    }

    @Test
    void lostPeripheralIsWarning() throws Exception {
        SimulatedCodec c = codec(true).peripherals(new Peripheral("Cisco Room Navigator", "TouchPanel", "ResponseTimedOut"),
                new Peripheral("Cisco Quad Camera", "Camera", "Connected"));
        CheckResult r = check(device("lost", c, sim.certificateSha256()));
        assertEquals(Status.WARNING, r.status());
        assertEquals(1, r.metrics().get("peripherals_lost"));
        assertEquals(1, r.metrics().get("peripherals_connected"));
        assertTrue(String.valueOf(r.metrics().get("peripherals_lost_names")).contains("ResponseTimedOut"));
        assertTrue(r.error().contains("TouchPanel 'Cisco Room Navigator'"), r.error());
    }

    @Test
    void plainHttpWorksWhenChosen() throws Exception {
        SimulatedCodec c = codec(false);
        CheckResult r = check(device("http", c, null));
        assertEquals(Status.OK, r.status(), r.error());
    }

    @Test
    void wrongPasswordIsAuthenticationFailedAndNotRetriedUntilThePasswordChanges() throws Exception {
        SimulatedCodec c = codec(true);
        CheckResult r = check(device("auth", c, sim.certificateSha256(), "password", "wrong"));
        assertEquals(Status.KO, r.status());
        assertEquals("authentication failed", r.error());
        assertFalse(r.toString().contains("wrong"), "no password in the result");
        int asked = c.requests();
        r = check(device("auth", c, sim.certificateSha256(), "password", "wrong"));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("authentication failed (not retried"), r.error());
        assertEquals(asked, c.requests(), "a known-bad password is not sent again");
        r = check(device("auth", c, sim.certificateSha256()));
        assertEquals(Status.OK, r.status(), "a new password is tried at once: " + r.error());
    }

    @Test
    void codecThatRefusesEveryLoginIsKo() throws Exception {
        SimulatedCodec c = codec(true).faults(CodecFault.AUTH_FAILS);
        assertEquals("authentication failed", check(device("authfails", c, sim.certificateSha256())).error());
    }

    @Test
    void certificateIsVerifiedNeverTrustedBlindly() throws Exception {
        SimulatedCodec c = codec(true);
        CheckResult noPin = check(device("nopin", c, null));
        assertEquals(Status.KO, noPin.status());
        assertTrue(noPin.error().startsWith("certificate not trusted"), noPin.error());
        assertEquals(0, c.requests(), "no request (and no password) sent to an untrusted server");

        String wrong = "AA:".repeat(31) + "AA";
        CheckResult wrongPin = check(device("wrongpin", c, wrong));
        assertEquals(Status.KO, wrongPin.status());
        assertTrue(wrongPin.error().contains(sim.certificateSha256()), "names the certificate presented: " + wrongPin.error());
        assertEquals(0, c.requests());

        CheckResult pinned = check(device("wrongpin", c, sim.certificateSha256().replace(":", "").toLowerCase()));
        assertEquals(Status.OK, pinned.status(), pinned.error());
    }

    @Test
    void unreachableCodecIsKo() throws Exception {
        SimulatedCodec c = codec(true);
        org.avmonitoring.agent.api.Device d = device("refused", c, sim.certificateSha256());
        CheckResult r = driver.check(new org.avmonitoring.agent.api.Device("refused", null, "cisco-xapi", "127.0.21.1", 9,
                60, true, null, d.settings()), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        assertEquals(Status.KO, r.status());
        assertEquals("connection refused", r.error());
    }

    @Test
    void silentSlowGarbageCloseAndEndlessAreKoWithAReason() throws Exception {
        SimulatedCodec silent = codec(true).faults(CodecFault.SILENT);
        CheckResult r = check(device("silent", silent, sim.certificateSha256(), "timeout_ms", 500));
        assertEquals(Status.KO, r.status());
        assertEquals("no answer within 500 ms", r.error());

        SimulatedCodec slow = codec(true).faults(CodecFault.SLOW).replyDelayMs(1500);
        r = check(device("slow", slow, sim.certificateSha256(), "timeout_ms", 500));
        assertEquals("no answer within 500 ms", r.error());
        slow.replyDelayMs(50);
        assertEquals(Status.OK, check(device("slow", slow, sim.certificateSha256(), "timeout_ms", 2000)).status());

        SimulatedCodec garbage = codec(true).faults(CodecFault.GARBAGE);
        r = check(device("garbage", garbage, sim.certificateSha256()));
        assertEquals(Status.KO, r.status());
        assertEquals("reply is not well-formed XML", r.error());

        SimulatedCodec close = codec(true).faults(CodecFault.CLOSE);
        r = check(device("close", close, sim.certificateSha256()));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().contains("closed"), r.error());

        SimulatedCodec endless = codec(true).faults(CodecFault.ENDLESS);
        r = check(device("endless", endless, sim.certificateSha256(), "timeout_ms", 10000));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("reply larger than"), r.error());
    }

    @Test
    void deadlineBoundsTheCheckAndCancellingReleasesIt() throws Exception {
        SimulatedCodec silent = codec(true).faults(CodecFault.SILENT);
        CheckResult r = driver.check(device("deadline", silent, sim.certificateSha256(), "timeout_ms", 60000),
                Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);
        assertEquals(Status.KO, r.status());
        assertEquals("deadline of 300 ms passed", r.error());

        CompletableFuture<CheckResult> f = driver.check(device("cancel", silent, sim.certificateSha256(), "timeout_ms", 60000),
                Duration.ofSeconds(30));
        f.cancel(true);
        CheckResult again = driver.check(device("cancel", silent, sim.certificateSha256(), "timeout_ms", 300),
                Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
        assertEquals("no answer within 300 ms", again.error(), "a new check after a cancel starts afresh");
    }

    @Test
    void aSecondCheckOfTheSameCodecSharesTheFirst() throws Exception {
        SimulatedCodec slow = codec(true).faults(CodecFault.SLOW).replyDelayMs(300);
        org.avmonitoring.agent.api.Device d = device("shared", slow, sim.certificateSha256());
        CompletableFuture<CheckResult> first = driver.check(d, Duration.ofSeconds(10));
        CompletableFuture<CheckResult> second = driver.check(d, Duration.ofSeconds(10));
        assertEquals(Status.OK, first.get(10, TimeUnit.SECONDS).status());
        assertEquals(Status.OK, second.get(10, TimeUnit.SECONDS).status());
        assertEquals(4, slow.requests(), "one poll (four sections), not two");
    }

    @Test
    void statusChangesAtRunTimeAreSeenAtTheNextPoll() throws Exception {
        SimulatedCodec c = codec(true);
        List<Status> seen = new ArrayList<>();
        seen.add(check(device("changes", c, sim.certificateSha256())).status());
        c.peripherals(new Peripheral("Cisco Quad Camera", "Camera", "LostConnection"));
        seen.add(check(device("changes", c, sim.certificateSha256())).status());
        c.peripherals(new Peripheral("Cisco Quad Camera", "Camera", "Connected"));
        seen.add(check(device("changes", c, sim.certificateSha256())).status());
        assertEquals(List.of(Status.OK, Status.WARNING, Status.OK), seen);
    }

    @Test
    void invalidSettingsAreNamedWithoutIo() {
        org.avmonitoring.agent.api.Device d = new org.avmonitoring.agent.api.Device("bad", null, "cisco-xapi",
                "127.0.0.1", null, 60, true, null, Map.of("scheme", "ftp", "tls_fingerprint_sha256", "12:34",
                "timeout_ms", 5, "password", 42));
        List<String> paths = driver.validate(d).stream().map(p -> p.path()).toList();
        assertEquals(List.of("scheme", "password", "tls_fingerprint_sha256", "timeout_ms"), paths);
        assertTrue(driver.validate(d).stream().noneMatch(p -> p.message().contains("42")));
    }

    @Test
    void forgetDropsWhatTheDriverRemembers() throws Exception {
        CiscoXapiDriver own = CiscoTestSupport.startDriver(Map.of());
        try {
            SimulatedCodec c = codec(true);
            own.check(device("f1", c, sim.certificateSha256(), "password", "bad"), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertTrue(own.remembered() >= 2, "an auth failure and a trust rule");
            own.forget("f1");
            assertEquals(0, own.remembered());
        } finally {
            own.deactivate();
        }
    }

    @Test
    void pollsBeyondTheLimitWaitAndAWaiterPastItsDeadlineGivesUpItsTurn() throws Exception {
        CiscoXapiDriver own = CiscoTestSupport.startDriver(Map.of("maxConcurrentPolls", 1));
        try {
            SimulatedCodec silent = codec(true).faults(CodecFault.SILENT);
            SimulatedCodec healthy = codec(true);
            CompletableFuture<CheckResult> blocking = own.check(device("gate-1", silent, sim.certificateSha256(),
                    "timeout_ms", 1500), Duration.ofSeconds(10));
            CheckResult expired = own.check(device("gate-2", healthy, sim.certificateSha256()), Duration.ofMillis(200))
                    .get(5, TimeUnit.SECONDS);
            assertEquals("deadline of 200 ms passed", expired.error());
            assertEquals(0, healthy.requests(), "it waited for the one poll allowed");
            assertEquals("no answer within 1500 ms", blocking.get(10, TimeUnit.SECONDS).error());
            CheckResult next = own.check(device("gate-2", healthy, sim.certificateSha256()), Duration.ofSeconds(10))
                    .get(15, TimeUnit.SECONDS);
            assertEquals(Status.OK, next.status(), "the expired waiter did not keep the slot: " + next.error());
        } finally {
            own.deactivate();
        }
    }

    @Test
    void passesTheDriverContract() throws Exception {
        SimulatedCodec c = codec(false);
        DriverContract.assertAll(driver, (host, port) -> new org.avmonitoring.agent.api.Device("c-" + port, null,
                CiscoXapiDriver.TYPE_NAME, host, port, 60, true, org.avmonitoring.agent.api.DeviceSource.LOCAL,
                Map.of("username", USER, "password", PASSWORD, "scheme", "http", "timeout_ms", 500)),
                CiscoTestSupport.device("c-ok", c, null), Duration.ofSeconds(3), DriverContract.Transport.TCP);
    }
}
