package org.avmonitoring.agent.driver.samsungmdc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.junit.jupiter.api.Test;

/** The poll logic fed replies by hand: no sockets. */
class MdcPollTest {
    private static final long HOUR = 3_600_000;

    private static MdcSettings settings(Object... kv) {
        Map<String, Object> s = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            s.put((String) kv[i], kv[i + 1]);
        }
        return MdcSettings.of(new Device("d", null, "samsung-mdc", "127.0.0.1", null, 60, true, DeviceSource.LOCAL, s));
    }

    private static MdcCodec.Reply ack(int cmd, int... values) {
        byte[] v = new byte[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) values[i];
        }
        return new MdcCodec.Reply(1, true, cmd, v);
    }

    private static MdcCodec.Reply text(int cmd, String t) {
        return new MdcCodec.Reply(1, true, cmd, t.getBytes(StandardCharsets.US_ASCII));
    }

    private static MdcCodec.Reply nak(int cmd) {
        return new MdcCodec.Reply(1, false, cmd, new byte[] {1});
    }

    /** Answers each request the poll makes with {@code answer}, then completes it. */
    private static CheckResult run(MdcPoll poll, java.util.function.IntFunction<MdcCodec.Reply> answer) throws Exception {
        byte[] req;
        while ((req = poll.next()) != null) {
            poll.accept(answer.apply(req[1] & 0xff));
        }
        return poll.complete(12);
    }

    private static MdcCodec.Reply healthy(int cmd) {
        switch (cmd) {
            case 0x00: return ack(0x00, 1, 25, 0, 0x21, 0x10, 0, 0);
            case 0x0D: return ack(0x0D, 0, 0, 2, 0, 42, 0);
            case 0x0B: return text(0x0B, "SER123\0\0");
            case 0x8A: return text(0x8A, "QM55R");
            default: return text(cmd, "S-1010.2");
        }
    }

    @Test
    void aHealthyDisplayIsOkWithEveryMetric() throws Exception {
        CheckResult r = run(new MdcPoll(settings(), new DeviceMemory("e"), Instant.EPOCH, HOUR), MdcPollTest::healthy);
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("on", r.metrics().get("power"));
        assertEquals("21", r.metrics().get("input"));
        assertEquals(25, r.metrics().get("volume"));
        assertEquals(false, r.metrics().get("mute"));
        assertEquals(42, r.metrics().get("temperature_c"));
        assertEquals(false, r.metrics().get("no_signal"));
        assertEquals("normal", r.metrics().get("fan"));
        assertEquals("normal", r.metrics().get("brightness_sensor"));
        assertEquals("SER123", r.metrics().get("serial_number"));
        assertEquals("QM55R", r.metrics().get("model_name"));
        assertEquals("S-1010.2", r.metrics().get("software_version"));
        assertEquals(12.0, r.latencyMs());
    }

    @Test
    void theIdentityIsReadOnItsCadenceAndReportedFromMemoryInBetween() throws Exception {
        DeviceMemory memory = new DeviceMemory("e");
        run(new MdcPoll(settings(), memory, Instant.EPOCH, HOUR), MdcPollTest::healthy);
        int[] asked = {0};
        CheckResult second = run(new MdcPoll(settings(), memory, Instant.ofEpochMilli(HOUR - 1), HOUR), cmd -> {
            asked[0]++;
            return healthy(cmd);
        });
        assertEquals(2, asked[0], "status and display status only");
        assertEquals("SER123", second.metrics().get("serial_number"));
        asked[0] = 0;
        run(new MdcPoll(settings(), memory, Instant.ofEpochMilli(HOUR), HOUR), cmd -> {
            asked[0]++;
            return healthy(cmd);
        });
        assertEquals(5, asked[0]);
    }

    @Test
    void standbyIsOkEvenWithoutSignal() throws Exception {
        CheckResult r = run(new MdcPoll(settings(), new DeviceMemory("e"), Instant.EPOCH, HOUR), cmd ->
                cmd == 0x00 ? ack(0, 0, 25, 0, 0x21, 0x10, 0, 0) : cmd == 0x0D ? ack(0x0D, 0, 0, 2, 1, 30, 2) : healthy(cmd));
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("standby", r.metrics().get("power"));
        assertFalse(r.metrics().containsKey("fan"), "fan 2 = not supported: left out");
    }

    @Test
    void noSignalOnAPoweredDisplayAndAHotDisplayAreWarnings() throws Exception {
        CheckResult r = run(new MdcPoll(settings("temperature_warning_c", 50), new DeviceMemory("e"), Instant.EPOCH, HOUR),
                cmd -> cmd == 0x0D ? ack(0x0D, 0, 0, 2, 1, 55, 0) : healthy(cmd));
        assertEquals(Status.WARNING, r.status());
        assertTrue(r.error().contains("no signal"), r.error());
        assertTrue(r.error().contains("55 °C is over 50 °C"), r.error());
    }

    @Test
    void lampTemperatureAndFanErrorsAreKo() throws Exception {
        for (int[] status : new int[][] {{1, 0, 2, 0, 40, 0}, {0, 1, 2, 0, 40, 0}, {0, 0, 2, 0, 40, 1}}) {
            CheckResult r = run(new MdcPoll(settings(), new DeviceMemory("e"), Instant.EPOCH, HOUR),
                    cmd -> cmd == 0x0D ? ack(0x0D, status) : healthy(cmd));
            assertEquals(Status.KO, r.status());
            assertTrue(r.error().matches(".*(lamp|temperature|fan) .*error.*|.*error"), r.error());
        }
    }

    @Test
    void aRefusedCommandLeavesItsMetricsOutAndARefusedStatusFallsBackToPower() throws Exception {
        CheckResult r = run(new MdcPoll(settings(), new DeviceMemory("e"), Instant.EPOCH, HOUR), cmd ->
                cmd == 0x00 || cmd == 0x0B ? nak(cmd) : cmd == 0x11 ? ack(0x11, 1) : healthy(cmd));
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("on", r.metrics().get("power"));
        assertNull(r.metrics().get("volume"));
        assertNull(r.metrics().get("serial_number"));
        assertEquals("QM55R", r.metrics().get("model_name"));
    }

    @Test
    void aDisplayThatRefusesEverythingIsKo() throws Exception {
        CheckResult r = run(new MdcPoll(settings(), new DeviceMemory("e"), Instant.EPOCH, HOUR), MdcPollTest::nak);
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().contains("refused every command"), r.error());
    }

    @Test
    void aReplyForAnotherDisplayOrCommandIsAProtocolError() throws Exception {
        MdcPoll poll = new MdcPoll(settings(), new DeviceMemory("e"), Instant.EPOCH, HOUR);
        assertFalse(poll.answered());
        poll.next();
        assertTrue(assertThrows(MdcProtocolException.class,
                () -> poll.accept(new MdcCodec.Reply(2, true, 0x00, new byte[7]))).getMessage().contains("display_id"));
        assertThrows(MdcProtocolException.class, () -> poll.accept(ack(0x11, 1)));
    }

    @Test
    void anUnexpectedValueIsAWarningNotACrash() throws Exception {
        CheckResult r = run(new MdcPoll(settings(), new DeviceMemory("e"), Instant.EPOCH, HOUR),
                cmd -> cmd == 0x00 ? ack(0x00, 7, 1) : healthy(cmd));
        assertEquals(Status.WARNING, r.status());
        assertTrue(r.error().startsWith("unexpected reply to 0x00"), r.error());
        assertNull(r.metrics().get("power"));
    }
}
