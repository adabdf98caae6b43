package org.avmonitoring.agent.driver.samsungmdc.internal;

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
 * Fuzzes everything that reads display bytes: the frame reader (with arbitrary read boundaries, through a buffer
 * bounded as the I/O layer bounds it), the value parsers and the poll fed whatever frames come out. The only failure
 * allowed is an {@link MdcProtocolException} with a short printable message; a partial frame never consumes bytes.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the seed corpus in {@code src/test/resources}; the build sets
 * {@code JAZZER_FUZZ=1} so that each build fuzzes for {@code maxDuration}.
 */
class MdcReplyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void deviceBytesNeverBreakTheParser(FuzzedDataProvider data) {
        Device device = new Device("fuzz", null, "samsung-mdc", "127.0.0.1", null, null, true, DeviceSource.LOCAL,
                Map.of("display_id", data.consumeInt(0, 3), "temperature_warning_c", 40));
        MdcPoll poll = new MdcPoll(MdcSettings.of(device), new DeviceMemory("e"), Instant.EPOCH, 0);
        poll.next();
        ByteBuffer unread = ByteBuffer.allocate(SamsungMdcDriver.MAX_UNREAD_BYTES);
        int frames = 0;
        while (data.remainingBytes() > 0 && frames < 64) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 300));
            if (chunk.length > unread.remaining()) {
                return; // The I/O layer fails the conversation here.
            }
            unread.put(chunk).flip();
            try {
                MdcCodec.Reply r;
                while (true) {
                    int before = unread.position();
                    r = MdcCodec.next(unread);
                    if (r == null) {
                        assertTrue(unread.position() == before, "a partial frame is left in place");
                        break;
                    }
                    frames++;
                    values(r);
                    poll.accept(r);
                    if (poll.next() == null) {
                        break;
                    }
                }
            } catch (MdcProtocolException e) {
                assertBounded(e.getMessage());
                unread.clear();
                continue;
            }
            unread.compact();
        }
        CheckResult result = poll.complete(1);
        assertTrue(result.error() == null || result.error().length() < 4000, "error text bounded");
    }

    private static void values(MdcCodec.Reply r) {
        try {
            MdcCodec.power(r.value(0));
        } catch (MdcProtocolException e) {
            assertBounded(e.getMessage());
        }
        try {
            assertTrue(MdcCodec.text(r).length() <= MdcCodec.MAX_TEXT);
        } catch (MdcProtocolException e) {
            assertBounded(e.getMessage());
        }
    }

    private static void assertBounded(String message) {
        assertTrue(message.length() < 240, "error text bounded: " + message.length());
        assertTrue(message.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f), "error text printable: " + message);
    }
}
