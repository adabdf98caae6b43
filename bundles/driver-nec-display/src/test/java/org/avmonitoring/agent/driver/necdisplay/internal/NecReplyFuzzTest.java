package org.avmonitoring.agent.driver.necdisplay.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes everything that reads monitor bytes: the packet reader (arbitrary read boundaries, a buffer bounded as the
 * I/O layer bounds it), every value parser, and the poll fed whatever packets come out. The only failure allowed is
 * an {@link NecProtocolException} with a short printable message; a partial packet never consumes bytes.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the seed corpus in {@code src/test/resources}; the build sets
 * {@code JAZZER_FUZZ=1} so that each build fuzzes for {@code maxDuration}.
 */
class NecReplyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void deviceBytesNeverBreakTheParser(FuzzedDataProvider data) {
        Device device = new Device("fuzz", null, "nec-display", "127.0.0.1", null, null, true, DeviceSource.LOCAL,
                Map.of("monitor_id", data.consumeInt(0, 2)));
        NecPoll poll = new NecPoll(NecSettings.of(device), new DeviceMemory("e"), Instant.EPOCH, 0, 0);
        poll.next(60_000);
        ByteBuffer unread = ByteBuffer.allocate(NecDisplayDriver.MAX_UNREAD_BYTES);
        int packets = 0;
        while (data.remainingBytes() > 0 && packets < 64) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 300));
            if (chunk.length > unread.remaining()) {
                return; // The I/O layer fails the conversation here.
            }
            unread.put(chunk).flip();
            try {
                while (true) {
                    int before = unread.position();
                    NecCodec.Packet p = NecCodec.next(unread);
                    if (p == null) {
                        assertTrue(unread.position() == before, "a partial packet is left in place");
                        break;
                    }
                    packets++;
                    values(p);
                    poll.accept(p);
                    if (poll.next(60_000) == null) {
                        break;
                    }
                }
            } catch (NecProtocolException e) {
                assertBounded(e.getMessage());
                unread.clear();
                continue;
            }
            unread.compact();
        }
        CheckResult result = poll.complete(1);
        assertTrue(result.error() == null || result.error().length() < 4000, "error text bounded");
    }

    private static void values(NecCodec.Packet p) {
        for (NecRequest r : NecRequest.values()) {
            try {
                switch (r) {
                    case POWER -> NecCodec.powerMode(p);
                    case DIAGNOSIS -> NecCodec.diagnosis(p);
                    case SERIAL, MODEL -> assertTrue(NecCodec.text(p, "C316").length() <= NecCodec.MAX_TEXT);
                    default -> NecCodec.parameter(p, r.message);
                }
            } catch (NecProtocolException e) {
                assertBounded(e.getMessage());
            }
        }
    }

    private static void assertBounded(String message) {
        assertTrue(message.length() < 240, "error text bounded: " + message.length());
        assertTrue(message.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f), "error text printable: " + message);
    }
}
