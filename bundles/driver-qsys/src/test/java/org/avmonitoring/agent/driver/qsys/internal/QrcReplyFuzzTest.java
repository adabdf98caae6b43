package org.avmonitoring.agent.driver.qsys.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes everything that reads a Core's bytes: NUL framing with arbitrary read boundaries, JSON parsing, and the
 * poll fed arbitrary frames. Only {@link QrcProtocolException} may escape; error texts and metrics stay bounded and
 * printable. Without {@code JAZZER_FUZZ} it replays the seeds in src/test/resources.
 */
class QrcReplyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void deviceBytesNeverBreakTheParser(FuzzedDataProvider data) {
        QrcPoll poll = new QrcPoll(Instant.EPOCH, data.consumeBoolean() ? "user" : null, null);
        ByteBuffer unread = ByteBuffer.allocate(QrcCodec.MAX_FRAME + 2048);
        while (data.remainingBytes() > 0 && !poll.done()) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 400));
            if (chunk.length > unread.remaining()) {
                break;
            }
            unread.put(chunk).flip();
            try {
                byte[] frame;
                while (!poll.done() && (frame = QrcCodec.nextFrame(unread)) != null) {
                    try {
                        poll.accept(frame);
                    } catch (QrcProtocolException e) {
                        assertBounded(e.getMessage());
                    }
                }
            } catch (QrcProtocolException e) {
                assertBounded(e.getMessage());
                unread.clear().flip();
            }
            unread.compact();
        }
        if (poll.done()) {
            CheckResult result = poll.result(1.0);
            if (result.error() != null) {
                assertTrue(result.error().length() <= 3 * QrcCodec.MAX_TEXT + 100, "error text bounded");
            }
            result.metrics().values().forEach(v -> assertTrue(String.valueOf(v).length() <= QrcCodec.MAX_TEXT + 1));
        }
    }

    private static void assertBounded(String message) {
        assertTrue(message.length() < 400, "error text bounded: " + message.length());
        assertTrue(message.chars().noneMatch(Character::isISOControl), "error text printable: " + message);
    }
}
