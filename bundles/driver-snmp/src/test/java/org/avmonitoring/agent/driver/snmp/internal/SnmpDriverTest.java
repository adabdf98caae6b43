package org.avmonitoring.agent.driver.snmp.internal;

import org.avmonitoring.agent.testing.driver.DriverContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.snmp.SnmpdProcess;
import org.avmonitoring.agent.testing.support.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver against Debian's snmpd on a high loopback port (started and stopped here). */
class SnmpDriverTest {
    static final String COMMUNITY = "avm-test-community";
    static final String AUTH = "auth-pass-CHANGE-ME";
    static final String PRIV = "priv-pass-CHANGE-ME";
    static final Duration DEADLINE = Duration.ofSeconds(10);
    static SnmpdProcess snmpd;
    SnmpDriver driver;

    @BeforeAll
    static void startAgent() throws Exception {
        String why = "Debian package snmpd is not installed: apt-get install snmpd";
        assumeTrue(Peers.available(SnmpdProcess.installed(), why), why);
        snmpd = SnmpdProcess.builder().community(COMMUNITY).sysName("proj-test")
                .user("monitor", "SHA-256", AUTH, "AES", PRIV)
                .user("strong", "SHA-512", AUTH, "AES-256", PRIV)
                .user("legacy", "MD5", AUTH, "DES", PRIV)
                .user("authonly", "SHA", AUTH, null, null)
                .user("sha224", "SHA-224", AUTH, "AES-192", PRIV)
                .user("sha384", "SHA-384", AUTH, "AES-256", PRIV)
                .start();
    }

    @AfterAll
    static void stopAgent() {
        if (snmpd != null) {
            snmpd.close();
        }
    }

    @BeforeEach
    void startDriver() throws Exception {
        driver = new SnmpDriver();
        driver.activate(config(256));
    }

    @AfterEach
    void stopDriver() throws Exception {
        driver.deactivate();
    }

    static SnmpDriver.Config config(int maxInFlight) {
        return new SnmpDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SnmpDriver.Config.class;
            }

            @Override
            public int max_polls_in_flight() {
                return maxInFlight;
            }

            @Override
            public int dns_timeout_ms() {
                return 2000;
            }
        };
    }

    static Device device(String id, int port, Map<String, Object> snmp) {
        Map<String, Object> s = new LinkedHashMap<>(Map.of("timeout_ms", 400, "retries", 0));
        s.putAll(snmp);
        return new Device(id, null, "snmp", "127.0.0.1", port, null, true, null, Map.of("snmp", s));
    }

    static Map<String, Object> v3(String user, String auth, String authPw, String priv, String privPw) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("version", "3", "user", user, "auth_protocol", auth, "auth_password", authPw));
        if (priv != null) {
            m.put("priv_protocol", priv);
            m.put("priv_password", privPw);
        }
        return m;
    }

    CheckResult check(Device d) throws Exception {
        assertTrue(driver.validate(d).isEmpty(), () -> "test device must be valid: " + driver.validate(d));
        return driver.check(d, DEADLINE).get();
    }

    static void assertHealthy(CheckResult r) {
        assertEquals(Status.OK, r.status(), () -> "error: " + r.error() + " metrics " + r.metrics());
        assertEquals("proj-test", r.metrics().get("sys_name"));
        assertTrue(((Number) r.metrics().get("sys_uptime_ticks")).longValue() >= 0);
        assertTrue(String.valueOf(r.metrics().get("sys_descr")).startsWith("Linux"), () -> "sys_descr " + r.metrics());
        assertEquals("1.3.6.1.4.1.8072.3.2.10", r.metrics().get("sys_object_id"));
        assertEquals(false, r.metrics().get("rebooted"));
        assertNotNull(r.latencyMs());
        assertTrue(((Number) r.metrics().get("if_count")).intValue() >= 1, () -> "interfaces walked: " + r.metrics());
    }

    @Test
    void v2cPollsSystemGroupAndInterfaces() throws Exception {
        CheckResult r = check(device("sw-1", snmpd.port(), Map.of("version", "2c", "community", COMMUNITY)));
        assertHealthy(r);
        assertEquals("2c", r.metrics().get("snmp_version"));
        int ifCount = ((Number) r.metrics().get("if_count")).intValue();
        assertTrue(ifCount >= 1, "at least the loopback interface");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> ifs = (Map<String, Map<String, Object>>) r.metrics().get("interfaces");
        assertEquals(ifCount, ifs.size());
        assertTrue(ifs.values().stream().anyMatch(i -> "lo".equals(i.get("descr")) && "up".equals(i.get("oper"))), ifs::toString);
        assertEquals(null, r.metrics().get("if_errors_delta"), "no delta on first contact");
        CheckResult second = check(device("sw-1", snmpd.port(), Map.of("version", "2c", "community", COMMUNITY)));
        assertEquals(0L, second.metrics().get("if_errors_delta"), () -> "loopback has no errors: " + second.metrics());
        assertEquals("proj-test", second.metrics().get("sys_name"));
        assertEquals(r.metrics().get("sys_descr"), second.metrics().get("sys_descr"), "identity kept between identity polls");
    }

    @Test
    void v1FindsTheMissingOidAmongSeveralOneByOne() throws Exception {
        // sysServices exists; the enterprise OID does not: on v1 the whole GET fails with noSuchName.
        Map<String, Object> snmp = Map.of("version", "1", "community", COMMUNITY, "oids", List.of(
                Map.of("oid", "1.3.6.1.2.1.1.7.0", "label", "sys_services", "type", "integer"),
                Map.of("oid", "1.3.6.1.4.1.1248.4.1.1.1.1.0", "label", "lamp_hours", "type", "integer")));
        CheckResult r = check(device("proj-v1", snmpd.port(), snmp));
        assertEquals(Status.WARNING, r.status(), r::toString);
        assertEquals(72L, r.metrics().get("sys_services"));
        assertEquals(List.of("lamp_hours"), r.metrics().get("missing_oids"));
        assertTrue(r.error().contains("noSuchObject for OID lamp_hours (1.3.6.1.4.1.1248.4.1.1.1.1.0)"), r.error());
        assertEquals("proj-test", r.metrics().get("sys_name"));
        assertTrue(((Number) r.metrics().get("if_count")).intValue() >= 1, "GETNEXT walk on v1");
    }

    @Test
    void forgetFreesWhatTheDriverRemembersOfADevice() throws Exception {
        check(device("sw-forget", snmpd.port(), Map.of("version", "2c", "community", COMMUNITY, "interfaces", false)));
        assertEquals(1, driver.remembered());
        driver.forget("sw-forget");
        assertEquals(0, driver.remembered());
    }

    @Test
    void v2cMissingRequiredOidIsKo() throws Exception {
        Map<String, Object> snmp = Map.of("version", "2c", "community", COMMUNITY, "interfaces", false, "oids", List.of(
                Map.of("oid", ".1.3.6.1.4.1.1248.4.1.1.1.1.0", "label", "lamp_hours", "type", "integer", "required", true),
                Map.of("oid", "1.3.6.1.2.1.1.3.0", "label", "agent_uptime", "type", "timeticks")));
        CheckResult r = check(device("proj-v2", snmpd.port(), snmp));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().contains("noSuchObject for required OID lamp_hours (1.3.6.1.4.1.1248.4.1.1.1.1.0)"), r.error());
        assertTrue(r.metrics().get("agent_uptime") instanceof Double, r.metrics()::toString);
        assertFalse(r.metrics().containsKey("if_count"), "interfaces: false skips the walk");
    }

    @Test
    void v3AuthPrivWithSha2AndAes() throws Exception {
        assertHealthy(check(device("dsp-1", snmpd.port(), v3("monitor", "SHA256", AUTH, "AES", PRIV))));
        assertHealthy(check(device("dsp-2", snmpd.port(), v3("strong", "SHA512", AUTH, "AES256", PRIV))));
        assertHealthy(check(device("dsp-3", snmpd.port(), v3("legacy", "MD5", AUTH, "DES", PRIV))));
        assertHealthy(check(device("dsp-4", snmpd.port(), v3("authonly", "SHA", AUTH, null, null))));
        assertHealthy(check(device("dsp-5", snmpd.port(), v3("sha224", "SHA224", AUTH, "AES192", PRIV))));
        assertHealthy(check(device("dsp-6", snmpd.port(), v3("sha384", "SHA384", AUTH, "AES256", PRIV))));
    }

    @Test
    void wrongCommunityIsATimeout() throws Exception {
        CheckResult r = check(device("sw-bad", snmpd.port(), Map.of("version", "2c", "community", "not-the-community")));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("timeout: no answer to system group after 1 attempt of 400 ms"), r.error());
        assertFalse(r.error().contains("not-the-community"), "the community never appears in a message");
    }

    @Test
    void wrongV3PasswordIsAWrongDigest() throws Exception {
        CheckResult r = check(device("dsp-bad", snmpd.port(), v3("monitor", "SHA256", "wrong-pass-123", "AES", PRIV)));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("wrong digest (usmStatsWrongDigests)"), r.error());
        assertFalse(r.error().contains("wrong-pass-123"));
    }

    @Test
    void changedV3PasswordTakesEffectAtTheNextPoll() throws Exception {
        Device good = device("dsp-change", snmpd.port(), v3("monitor", "SHA256", AUTH, "AES", PRIV));
        Device bad = device("dsp-change", snmpd.port(), v3("monitor", "SHA256", "wrong-pass-456", "AES", PRIV));
        assertEquals(Status.OK, check(good).status());
        assertTrue(check(bad).error().startsWith("wrong digest"), "keys localized for the old password are not reused");
        assertEquals(Status.OK, check(good).status());
    }

    @Test
    void unknownV3UserIsReported() throws Exception {
        CheckResult r = check(device("dsp-who", snmpd.port(), v3("nobody", "SHA256", AUTH, "AES", PRIV)));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("unknown user name (usmStatsUnknownUserNames)"), r.error());
    }

    @Test
    void hostNameIsResolved() throws Exception {
        Device d = new Device("sw-name", null, "snmp", "localhost", snmpd.port(), null, true, null,
                Map.of("snmp", Map.of("version", "2c", "community", COMMUNITY, "interfaces", false)));
        CheckResult r = check(d);
        assertEquals(Status.OK, r.status(), r::toString);
        assertEquals("proj-test", r.metrics().get("sys_name"));
    }

    @Test
    void portWithoutAgentIsATimeout() throws Exception {
        CheckResult r = check(device("gone", SnmpdProcess.freeUdpPort(), Map.of("version", "2c", "community", COMMUNITY)));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().startsWith("timeout"), r.error());
    }

    @Test
    void deadlineShorterThanTheAgentTimeoutEndsTheCheck() throws Exception {
        Device d = device("slow", SnmpdProcess.freeUdpPort(), Map.of("version", "2c", "community", COMMUNITY, "timeout_ms", 5000));
        CheckResult r = driver.check(d, Duration.ofMillis(300)).get();
        assertEquals(Status.KO, r.status());
        assertEquals("deadline of 300 ms passed while waiting for the system group", r.error());
    }

    @Test
    void restartedAgentIsReportedAsReboot() throws Exception {
        try (SnmpdProcess own = SnmpdProcess.builder().community(COMMUNITY).sysName("proj-test")
                .user("monitor", "SHA-256", AUTH, "AES", PRIV).start()) {
            Device v2 = device("reboot-v2", own.port(), Map.of("version", "2c", "community", COMMUNITY, "interfaces", false));
            Device v3 = device("reboot-v3", own.port(), v3("monitor", "SHA256", AUTH, "AES", PRIV));
            // Let sysUpTime grow past what a fresh agent shows on its first answer.
            PollUntil.await(Duration.ofSeconds(5), () -> {
                CheckResult r = check(v2);
                return r.status() == Status.OK && ((Number) r.metrics().get("sys_uptime_ticks")).longValue() >= 100;
            });
            assertEquals(Status.OK, check(v3).status());
            own.restart();
            CheckResult after = check(v2);
            assertEquals(Status.WARNING, after.status(), after::toString);
            assertEquals(true, after.metrics().get("rebooted"));
            assertTrue(after.error().startsWith("rebooted: sysUpTime fell from "), after.error());
            CheckResult afterV3 = check(v3);
            assertEquals(true, afterV3.metrics().get("rebooted"), afterV3::toString);
            assertEquals(false, check(v2).metrics().get("rebooted"), "reported once");
        }
    }

    @Test
    void passesTheDriverContract() throws Exception {
        Map<String, Object> v2c = Map.of("version", "2c", "community", COMMUNITY);
        DriverContract.assertAll(driver, (host, port) -> new Device("c-" + port, null, "snmp", host, port, null, true,
                null, Map.of("snmp", Map.of("version", "2c", "community", COMMUNITY, "timeout_ms", 400, "retries", 0))),
                device("c-ok", snmpd.port(), v2c), Duration.ofSeconds(2), DriverContract.Transport.OTHER);
    }
}
