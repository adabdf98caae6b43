package org.avmonitoring.agent.driver.extron.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.driver.support.ConversationFailure;
import org.avmonitoring.agent.driver.support.Exchange;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the whole SIS conversation with device bytes cut at arbitrary read boundaries: the only failure allowed is
 * a {@link ConversationFailure}; every text reaching a result stays bounded and printable. The first byte picks
 * whether a password is configured. Without {@code JAZZER_FUZZ} this replays the seeds in src/test/resources.
 */
class SisReplyFuzzTest {

    /** An exchange on no socket: records the outcome, lets time pass on demand. */
    private static final class FakeExchange implements Exchange<SisAnswers> {
        SisAnswers result;
        String failure;
        long elapsedMs;

        @Override
        public void send(byte[] bytes) {
        }

        @Override
        public void sendAfter(Duration pause, byte[] bytes) {
        }

        @Override
        public void complete(SisAnswers r) {
            result = r;
        }

        @Override
        public void fail(String reason) {
            failure = reason;
        }

        @Override
        public Duration elapsed() {
            return Duration.ofMillis(elapsedMs);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void deviceBytesNeverBreakTheConversation(FuzzedDataProvider data) {
        boolean password = data.consumeBoolean();
        SisConversation c = new SisConversation(password ? "pw" : null);
        FakeExchange x = new FakeExchange();
        ByteBuffer unread = ByteBuffer.allocate(ExtronSisDriver.MAX_UNREAD_BYTES);
        try {
            c.connected(x);
            while (data.remainingBytes() > 0 && x.result == null) {
                x.elapsedMs += 300; // past the settling pause after each read
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 200));
                unread.compact();
                if (unread.remaining() < chunk.length) {
                    return; // the driver fails such a device with "more than N bytes"
                }
                unread.put(chunk).flip();
                c.received(unread, x);
            }
        } catch (ConversationFailure e) {
            assertBounded(e.getMessage());
            return;
        }
        if (x.result != null) {
            Device d = new Device("fuzz", null, "extron-sis", "127.0.0.1", null, null, true, DeviceSource.LOCAL,
                    java.util.Map.of("temperature_warning_c", 50));
            CheckResult r = x.result.toResult(Instant.EPOCH, ExtronSettings.of(d));
            r.metrics().values().forEach(v -> {
                if (v instanceof String s) {
                    assertBounded(s);
                }
            });
        }
    }

    private static void assertBounded(String text) {
        assertTrue(text.length() <= 1000, "text bounded: " + text.length());
        assertTrue(text.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f), "text printable: " + text);
    }
}
