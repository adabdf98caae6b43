package org.avmonitoring.agent.driver.qsys.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.junit.jupiter.api.Test;

/** Frames as QSC's QRC help shows them (StatusGet answer, EngineStatus push, error objects). */
class QrcPollTest {

    private static final String ENGINE = "{\"jsonrpc\":\"2.0\",\"method\":\"EngineStatus\",\"params\":{\"State\":\"Active\","
            + "\"DesignName\":\"SAF-MainPA\",\"DesignCode\":\"qALFilm6IcAz\",\"IsRedundant\":false,\"IsEmulator\":false}}";

    private static String status(String state, boolean redundant, int code, String text) {
        return "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"Platform\":\"Core 510i\",\"State\":\"" + state + "\","
                + "\"DesignName\":\"SAF-MainPA\",\"DesignCode\":\"qALFilm6IcAz\",\"IsRedundant\":" + redundant
                + ",\"IsEmulator\":false,\"Status\":{\"Code\":" + code + ",\"String\":\"" + text + "\"}}}";
    }

    private static CheckResult poll(String user, String password, String... frames) throws Exception {
        QrcPoll p = new QrcPoll(Instant.EPOCH, user, password);
        for (String f : frames) {
            p.accept(f.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.done());
        return p.result(2.0);
    }

    @Test
    void opensWithStatusGetAndLogsOnOnlyWithCredentials() {
        String plain = new String(new QrcPoll(Instant.EPOCH, null, null).opening(), StandardCharsets.UTF_8);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"StatusGet\"}\0", plain);
        String withLogon = new String(new QrcPoll(Instant.EPOCH, "admin", "1234").opening(), StandardCharsets.UTF_8);
        assertTrue(withLogon.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Logon\",\"params\":{\"User\":\"admin\","
                + "\"Password\":\"1234\"}}\0{"), withLogon);
    }

    @Test
    void mapsTheCoresStatusCode() throws Exception {
        CheckResult ok = poll(null, null, ENGINE, status("Active", false, 0, "OK"));
        assertEquals(Status.OK, ok.status());
        assertEquals("Core 510i", ok.metrics().get("platform"));
        assertEquals("SAF-MainPA", ok.metrics().get("design_name"));
        assertEquals(0, ok.metrics().get("status_code"));
        assertEquals(Status.WARNING, poll(null, null, status("Active", false, 1, "Compromised - fan")).status());
        assertEquals(Status.WARNING, poll(null, null, status("Active", false, 5, "Initializing")).status());
        CheckResult fault = poll(null, null, status("Active", false, 2, "Fault - Audio Streams"));
        assertEquals(Status.KO, fault.status());
        assertEquals("Fault - Audio Streams", fault.error());
        assertEquals(Status.KO, poll(null, null, status("Active", false, 4, "Missing")).status());
    }

    @Test
    void aStandbyCoreOfARedundantPairIsOk() throws Exception {
        assertEquals(Status.OK, poll(null, null, status("Standby", true, 0, "OK")).status());
        assertEquals(Status.WARNING, poll(null, null, status("Standby", false, 0, "OK")).status());
        assertEquals(Status.WARNING, poll(null, null, status("Idle", false, 0, "OK")).status());
    }

    @Test
    void aRefusedLogonIsAnAuthenticationFailure() throws Exception {
        CheckResult r = poll("admin", "wrong", "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":10,\"message\":\"Logon required\"}}");
        assertEquals(Status.KO, r.status());
        assertEquals("authentication failed", r.error());
        assertFalse(r.toString().contains("wrong"));
        CheckResult noCredentials = poll(null, null, ENGINE,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":10,\"message\":\"Logon required\"}}");
        assertTrue(noCredentials.error().startsWith("authentication failed"), noCredentials.error());
    }

    @Test
    void aRefusedStatusGetFallsBackOnTheEngineStatusPush() throws Exception {
        CheckResult r = poll(null, null, ENGINE,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
        assertEquals(Status.WARNING, r.status());
        assertEquals("SAF-MainPA", r.metrics().get("design_name"));
        assertTrue(r.error().contains("Method not found"), r.error());
    }

    @Test
    void framesEndWithNul() throws Exception {
        ByteBuffer b = ByteBuffer.wrap("{\"a\":1}\0{\"b\"".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"a\":1}", new String(QrcCodec.nextFrame(b), StandardCharsets.UTF_8));
        assertNull(QrcCodec.nextFrame(b));
        assertEquals(4, b.remaining());
        assertThrows(QrcProtocolException.class, () -> QrcCodec.parse("not json".getBytes(StandardCharsets.UTF_8)));
        byte[] endless = "x".repeat(QrcCodec.MAX_FRAME + 1).getBytes(StandardCharsets.US_ASCII);
        assertThrows(QrcProtocolException.class, () -> QrcCodec.nextFrame(ByteBuffer.wrap(endless)));
    }
}
