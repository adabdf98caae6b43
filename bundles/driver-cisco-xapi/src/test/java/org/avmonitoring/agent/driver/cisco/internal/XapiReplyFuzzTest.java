package org.avmonitoring.agent.driver.cisco.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;
import org.w3c.dom.Element;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes what reads codec bytes: the locked-down XML parser and each status section's reader. The only failure
 * allowed is an {@link XapiException}; texts that reach a result stay bounded and printable. The first byte picks
 * the section. Without {@code JAZZER_FUZZ} this replays the seeds in {@code src/test/resources}.
 */
class XapiReplyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void replyBytesNeverBreakTheParser(FuzzedDataProvider data) {
        StatusSections section = StatusSections.values()[data.consumeInt(0, StatusSections.values().length - 1)];
        byte[] body = data.consumeRemainingAsBytes();
        CheckResult.Builder r = CheckResult.builder(Instant.EPOCH);
        try {
            Element root = XapiXml.parse(body);
            section.readReply(root, r);
        } catch (XapiException e) {
            assertBounded(e.getMessage());
            return;
        }
        CheckResult result = r.build();
        result.metrics().values().forEach(v -> {
            if (v instanceof String s) {
                assertBounded(s);
            }
        });
        if (result.error() != null) {
            assertTrue(result.error().length() < 4000, "error text bounded");
        }
    }

    private static void assertBounded(String text) {
        assertTrue(text.length() <= 2000, "text bounded: " + text.length());
        assertTrue(text.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f), "text printable: " + text);
    }
}
