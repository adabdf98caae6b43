package org.avmonitoring.agent.driver.necdisplay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.junit.jupiter.api.Test;

/** The poll logic fed packets by hand: no sockets, no pauses. */
class NecPollTest {
    private static final long DETAILS = 300_000;
    private static final long IDENTITY = 3_600_000;
    private static final NecSettings SETTINGS = NecSettings.of(
            new Device("d", null, "nec-display", "127.0.0.1", null, 60, true, DeviceSource.LOCAL, Map.of()));

    private static NecCodec.Packet packet(char type, String message) {
        try {
            return NecCodec.next(ByteBuffer.wrap(NecCodecTest.fromMonitor('A', type, message)));
        } catch (NecProtocolException e) {
            throw new AssertionError(e);
        }
    }

    static NecCodec.Packet healthy(NecRequest r) {
        switch (r) {
            case POWER: return packet('B', "0200D60000040001");
            case DIAGNOSIS: return packet('B', "A100");
            case INPUT: return packet('D', "0000600000880011");
            case VOLUME: return packet('D', "000062000064001E");
            case MUTE: return packet('D', "00008D0000020002");
            case SERIAL: return packet('B', "C31631323334");
            default: return packet('B', "C317" + "5033");
        }
    }

    private final List<NecRequest> asked = new ArrayList<>();

    private CheckResult run(NecPoll poll, long remainingMs, Function<NecRequest, NecCodec.Packet> answer) throws Exception {
        NecRequest r;
        while ((r = poll.next(remainingMs)) != null) {
            asked.add(r);
            poll.accept(answer.apply(r));
        }
        return poll.complete(5);
    }

    @Test
    void aHealthyMonitorIsOkWithEveryMetric() throws Exception {
        CheckResult r = run(new NecPoll(SETTINGS, new DeviceMemory("e"), Instant.EPOCH, DETAILS, IDENTITY), 10_000,
                NecPollTest::healthy);
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("on", r.metrics().get("power"));
        assertEquals("00", r.metrics().get("self_diagnosis"));
        assertEquals("11", r.metrics().get("input"));
        assertEquals(30, r.metrics().get("volume"));
        assertEquals(false, r.metrics().get("mute"));
        assertEquals("1234", r.metrics().get("serial_number"));
        assertEquals("P3", r.metrics().get("model_name"));
        assertEquals(7, asked.size());
    }

    @Test
    void detailsOnTheirCadenceOrAfterAPowerChangeAndIdentityHourly() throws Exception {
        DeviceMemory memory = new DeviceMemory("e");
        run(new NecPoll(SETTINGS, memory, Instant.EPOCH, DETAILS, IDENTITY), 10_000, NecPollTest::healthy);
        asked.clear();
        CheckResult again = run(new NecPoll(SETTINGS, memory, Instant.ofEpochMilli(1000), DETAILS, IDENTITY), 10_000,
                NecPollTest::healthy);
        assertEquals(List.of(NecRequest.POWER, NecRequest.DIAGNOSIS), asked);
        assertEquals("1234", again.metrics().get("serial_number"), "remembered");
        assertEquals(30, again.metrics().get("volume"), "remembered");
        asked.clear();
        run(new NecPoll(SETTINGS, memory, Instant.ofEpochMilli(2000), DETAILS, IDENTITY), 10_000,
                q -> q == NecRequest.POWER ? packet('B', "0200D60000040002") : healthy(q));
        assertEquals(List.of(NecRequest.POWER, NecRequest.DIAGNOSIS, NecRequest.INPUT, NecRequest.VOLUME,
                NecRequest.MUTE), asked, "power changed: details again");
    }

    @Test
    void optionalRequestsWaitWhenTheDeadlineLeavesNoRoomAndComeFirstNextTime() throws Exception {
        DeviceMemory memory = new DeviceMemory("e");
        run(new NecPoll(SETTINGS, memory, Instant.EPOCH, DETAILS, IDENTITY), NecPoll.GAP_MS, NecPollTest::healthy);
        assertEquals(List.of(NecRequest.POWER, NecRequest.DIAGNOSIS), asked);
    }

    @Test
    void standbyIsOkAndNoSignalInStandbyIsNotAWarning() throws Exception {
        CheckResult r = run(new NecPoll(SETTINGS, new DeviceMemory("e"), Instant.EPOCH, DETAILS, IDENTITY), 10_000,
                q -> q == NecRequest.POWER ? packet('B', "0200D60000040002")
                        : q == NecRequest.DIAGNOSIS ? packet('B', "A1B0") : healthy(q));
        assertEquals(Status.OK, r.status(), r.error());
        assertEquals("standby", r.metrics().get("power"));
    }

    @Test
    void diagnosisFaultsAreKoAndNoSignalWhenOnAWarning() throws Exception {
        CheckResult fan = run(new NecPoll(SETTINGS, new DeviceMemory("e"), Instant.EPOCH, DETAILS, IDENTITY), 10_000,
                q -> q == NecRequest.DIAGNOSIS ? packet('B', "A180B0") : healthy(q));
        assertEquals(Status.KO, fan.status());
        assertEquals("cooling fan 1 abnormality; no signal", fan.error());
        assertEquals("80,B0", fan.metrics().get("self_diagnosis"));
    }

    @Test
    void unsupportedParametersAreLeftOut() throws Exception {
        CheckResult r = run(new NecPoll(SETTINGS, new DeviceMemory("e"), Instant.EPOCH, DETAILS, IDENTITY), 10_000,
                q -> q == NecRequest.VOLUME ? packet('D', "0100620000000000") : healthy(q));
        assertEquals(Status.OK, r.status());
        assertFalse(r.metrics().containsKey("volume"));
        assertEquals("11", r.metrics().get("input"));
    }

    @Test
    void theNullMessageIsAskedAgainOnceThenLeftOut() throws Exception {
        int[] nulls = {0};
        CheckResult r = run(new NecPoll(SETTINGS, new DeviceMemory("e"), Instant.EPOCH, DETAILS, IDENTITY), 10_000,
                q -> q == NecRequest.POWER && nulls[0]++ < 1 ? packet('B', "BE") : healthy(q));
        assertEquals("on", r.metrics().get("power"), "answered the second time");
        asked.clear();
        CheckResult busy = run(new NecPoll(SETTINGS, new DeviceMemory("e"), Instant.EPOCH, DETAILS, IDENTITY), 10_000,
                q -> q == NecRequest.POWER ? packet('B', "BE") : healthy(q));
        assertNull(busy.metrics().get("power"));
        assertEquals(Status.OK, busy.status());
        assertEquals(2, asked.stream().filter(q -> q == NecRequest.POWER).count());
    }

    @Test
    void nothingButNullMessagesIsKo() throws Exception {
        CheckResult r = run(new NecPoll(SETTINGS, new DeviceMemory("e"), Instant.EPOCH, DETAILS, IDENTITY), 10_000,
                q -> packet('B', "BE"));
        assertEquals(Status.KO, r.status());
        assertTrue(r.error().contains("NULL message"), r.error());
    }

    @Test
    void aReplyFromAnotherMonitorIsAProtocolErrorAndOnlyTheSecondOneFails() throws Exception {
        NecPoll poll = new NecPoll(SETTINGS, new DeviceMemory("e"), Instant.EPOCH, DETAILS, IDENTITY);
        poll.next(10_000);
        NecCodec.Packet other = NecCodec.next(ByteBuffer.wrap(NecCodecTest.fromMonitor('B', 'B', "0200D60000040001")));
        assertTrue(assertThrows(NecProtocolException.class, () -> poll.accept(other)).getMessage().contains("monitor_id"));
        assertTrue(poll.retryAfterProtocolError());
        assertFalse(poll.retryAfterProtocolError());
        assertFalse(poll.answered());
    }
}
