package org.avmonitoring.agent.driver.tesira.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes everything that reads a Tesira's bytes: the Telnet filter (arbitrary read boundaries), the line reader, the
 * TTP value parser and the poll fed arbitrary answers. Only {@link TtpSyntaxException} may escape; error texts and
 * metrics stay bounded and printable. Without {@code JAZZER_FUZZ} it replays the seeds in src/test/resources; the
 * build sets {@code JAZZER_FUZZ=1} and fuzzes for {@code maxDuration}.
 */
class TtpReplyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void deviceBytesNeverBreakTheParser(FuzzedDataProvider data) {
        TelnetLines telnet = new TelnetLines();
        TesiraPoll poll = new TesiraPoll(Instant.EPOCH);
        try {
            poll.accept(TesiraPoll.BANNER); // past the banner: every later line is read as an answer
        } catch (TtpSyntaxException e) {
            throw new AssertionError(e);
        }
        ByteBuffer unread = ByteBuffer.allocate(8192);
        while (data.remainingBytes() > 0 && !poll.done()) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 400));
            if (chunk.length > unread.remaining()) {
                break;
            }
            unread.put(chunk).flip();
            try {
                TelnetLines.Result r = telnet.consume(unread);
                assertTrue(r.answers().length % 3 == 0, "whole negotiation answers");
                for (String line : r.lines()) {
                    if (poll.done()) {
                        break;
                    }
                    try {
                        poll.accept(line);
                        TtpValueParser.parseValue(line);
                    } catch (TtpSyntaxException e) {
                        assertBounded(e.getMessage());
                    }
                }
            } catch (TtpSyntaxException e) {
                assertBounded(e.getMessage());
            }
            unread.compact();
        }
        CheckResult result = poll.result(1.0);
        if (result.error() != null) {
            assertTrue(result.error().length() <= 2 * TtpReply.MAX_EXCERPT + 100, "error text bounded");
        }
        result.metrics().values().forEach(v -> assertTrue(String.valueOf(v).length() <= TtpReply.MAX_EXCERPT + 1));
    }

    private static void assertBounded(String message) {
        assertTrue(message.length() < 300, "error text bounded: " + message.length());
        assertTrue(message.chars().noneMatch(Character::isISOControl), "error text printable: " + message);
    }
}
