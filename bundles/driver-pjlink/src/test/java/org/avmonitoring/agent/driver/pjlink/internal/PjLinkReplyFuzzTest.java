package org.avmonitoring.agent.driver.pjlink.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Device;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes everything that reads device bytes: the CR framer (with arbitrary read boundaries), the greeting and
 * reply parsers, every value parser, and the poll logic fed arbitrary replies. The only failure allowed is a
 * {@link PjLinkProtocolException}; error texts stay bounded and printable.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the seed corpus in {@code src/test/resources}; the build sets
 * {@code JAZZER_FUZZ=1} so that each {@code mvn install} fuzzes for {@code maxDuration}.
 */
class PjLinkReplyFuzzTest {

    private static final String[] BODIES = {"CLSS", "POWR", "INPT", "INNM", "AVMT", "ERST", "LAMP", "FILT", "IRES",
        "RRES", "NAME", "INF1", "INF2", "INFO", "SNUM", "SVER"};

    @FuzzTest(maxDuration = "15s")
    void deviceBytesNeverBreakTheParser(FuzzedDataProvider data) {
        int cls = data.consumeInt(0, 3);
        LineFramer framer = new LineFramer();
        DeviceMemory memory = new DeviceMemory("127.0.0.1:4352");
        memory.deviceClass = cls;
        Device device = new Device("fuzz", null, "pjlink", "127.0.0.1", null, null, true, DeviceSource.LOCAL,
                java.util.Map.of("lamp_hours_warning", 10, "filter_hours_warning", 10));
        PjLinkPoll poll = new PjLinkPoll("fuzz", PjLinkSettings.of(device), memory, Instant.EPOCH, 0, null);
        List<byte[]> lines = new ArrayList<>();
        while (data.remainingBytes() > 0 && lines.size() < 64) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 300));
            ByteBuffer in = ByteBuffer.wrap(chunk);
            try {
                byte[] line;
                while ((line = framer.next(in)) != null) {
                    assertTrue(line.length > 0 && line.length <= PjLinkCodec.MAX_LINE);
                    lines.add(line);
                }
            } catch (PjLinkProtocolException e) {
                assertBounded(e.getMessage());
                framer.reset();
            }
        }
        for (byte[] line : lines) {
            try {
                PjLinkCodec.parseGreeting(line);
            } catch (PjLinkProtocolException e) {
                assertBounded(e.getMessage());
            }
            PjLinkCodec.isAuthError(line);
            Command c = poll.next();
            String body = c != null ? c.body() : BODIES[(line.length > 3 ? line[3] & 0xff : 0) % BODIES.length];
            try {
                PjLinkCodec.Reply r = PjLinkCodec.parseReply(line, body);
                valueParsers(r);
                if (c != null) {
                    poll.accept(c, r);
                }
            } catch (PjLinkProtocolException e) {
                assertBounded(e.getMessage());
            }
        }
        CheckResult result = poll.complete();
        if (result.error() != null) {
            assertTrue(result.error().length() < 4000, "error text bounded");
        }
    }

    /** Every value parser on the same reply, whatever its body: only PjLinkProtocolException may escape. */
    private static void valueParsers(PjLinkCodec.Reply r) {
        List<ThrowingParser> parsers = List.of(PjLinkCodec::power, PjLinkCodec::deviceClass, PjLinkCodec::input,
                PjLinkCodec::avMute, PjLinkCodec::errorStatus, PjLinkCodec::lamps, PjLinkCodec::filterHours,
                PjLinkCodec::resolution, PjLinkCodec.Reply::text);
        for (ThrowingParser p : parsers) {
            try {
                p.parse(r);
            } catch (PjLinkProtocolException e) {
                assertBounded(e.getMessage());
            }
        }
    }

    private static void assertBounded(String message) {
        assertTrue(message.length() < 200, "error text bounded: " + message.length());
        assertTrue(message.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f), "error text printable: " + message);
    }

    @FunctionalInterface
    private interface ThrowingParser {
        Object parse(PjLinkCodec.Reply r) throws PjLinkProtocolException;
    }
}
