package org.avmonitoring.agent.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.avmonitoring.agent.api.ValidationProblem;
import org.junit.jupiter.api.Test;

/** The status keys of issue 18 are known (no warning), validated with clear errors, and kept on rewrite. */
class StatusKeysTest {

    private static ConfigCodec.Result check(String json) {
        return DeviceRules.parseAndCheck(json.getBytes(StandardCharsets.UTF_8), type -> Optional.empty());
    }

    @Test
    void validKeysAreAcceptedWithoutWarningAndKeptOnRewrite() {
        ConfigCodec.Result r = check("""
                {"confirm_ko_after": 3, "timezone": "Europe/Paris",
                 "maintenance_windows": [{"devices": "*", "days": "sat,sun", "from": "22:00", "to": "06:00"}],
                 "devices": [{"id": "p", "type": "ping", "host": "127.0.0.2", "confirm_ok_after": 2,
                   "off_means_unreachable": true,
                   "schedule": {"expected_on": [{"days": "mon-fri", "from": "07:30", "to": "19:00"}], "grace_min": 15}}]}
                """);
        assertNotNull(r.config(), r.problems().toString());
        assertEquals(List.of(), r.warnings().stream().filter(w -> !w.contains("no driver")).toList());
        String written = new String(ConfigCodec.write(r.config()), StandardCharsets.UTF_8);
        assertNotNull(check(written).config());
        assertEquals(true, written.contains("\"maintenance_windows\"") && written.contains("\"grace_min\""));
    }

    @Test
    void faultsAreNamedByPath() {
        ConfigCodec.Result r = check("""
                {"timezone": "Europe/Pariss",
                 "devices": [{"id": "p", "type": "ping", "host": "127.0.0.2",
                   "schedule": {"expected_on": [{"days": "mon-fry", "from": "7:30", "to": "19:00"}]}}]}
                """);
        assertEquals(List.of("timezone: \"Europe/Pariss\" is not a known time zone (an IANA name such as \"Europe/Paris\")",
                "devices[0].schedule.expected_on[0].days: \"mon-fry\" is not a day name (mon, tue, wed, thu, fri, sat, sun)"
                        + " nor a range of two (mon-fri)",
                "devices[0].schedule.expected_on[0].from: must be a time of day as HH:MM (00:00 to 23:59), not \"7:30\""),
                r.problems().stream().map(ValidationProblem::toString).toList());
    }
}
