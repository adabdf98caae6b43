package org.avmonitoring.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class JsonNestingTest {
    static byte[] nested(int depth, String inside) {
        return ("{\"a\":".repeat(depth - 1) + "[" + inside + "]" + "}".repeat(depth - 1)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLimitItselfPassesOneMoreLevelIsRefusedNamingTheLimit() {
        assertEquals(Optional.empty(), JsonNesting.check(nested(JsonNesting.MAX_DEPTH, "1")));
        ValidationProblem p = JsonNesting.check(nested(JsonNesting.MAX_DEPTH + 1, "1")).orElseThrow();
        assertEquals("JSON nested deeper than 32 levels (objects and arrays within each other) at line 1", p.message());
        assertTrue(JsonNesting.check(nested(100_000, "")).isPresent(), "found without recursing");
    }

    @Test
    void bracketsInStringsDoNotCount() {
        String brackets = "\"[[[[{{{{ \\\" [[[[\"";
        assertEquals(Optional.empty(), JsonNesting.check(nested(JsonNesting.MAX_DEPTH, (brackets + ",").repeat(20) + "0")));
        assertEquals(Optional.empty(), JsonNesting.check("{\"k\": \"\\\\\", \"l\": [[]]}".getBytes(StandardCharsets.UTF_8)));
    }
}
