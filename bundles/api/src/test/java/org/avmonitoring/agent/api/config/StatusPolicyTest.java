package org.avmonitoring.agent.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.ValidationProblem;
import org.junit.jupiter.api.Test;

class StatusPolicyTest {

    private static List<String> siteProblems(Map<String, Object> site) {
        List<ValidationProblem> problems = new ArrayList<>();
        StatusPolicy.parse(site, problems);
        return problems.stream().map(ValidationProblem::toString).toList();
    }

    private static List<String> deviceProblems(Map<String, Object> device) {
        List<ValidationProblem> problems = new ArrayList<>();
        DevicePolicy.parse(device, StatusPolicy.parse(Map.of(), new ArrayList<>()), problems);
        return problems.stream().map(ValidationProblem::toString).toList();
    }

    @Test
    void defaultsAndSiteValues() {
        StatusPolicy none = StatusPolicy.parse(Map.of(), new ArrayList<>());
        assertEquals(2, none.confirmKoAfter());
        assertEquals(1, none.confirmOkAfter());
        assertEquals(ZoneId.systemDefault(), none.zone());
        StatusPolicy set = StatusPolicy.parse(Map.of("confirm_ko_after", 3, "timezone", "America/New_York"),
                new ArrayList<>());
        assertEquals(3, set.confirmKoAfter());
        assertEquals(ZoneId.of("America/New_York"), set.zone());
        DevicePolicy own = DevicePolicy.parse(Map.of("confirm_ko_after", 5), set, new ArrayList<>());
        assertEquals(5, own.confirmKoAfter());
        assertEquals(1, own.confirmOkAfter());
        assertFalse(own.scheduled());
    }

    @Test
    void badValuesAreNamedClearly() {
        assertEquals(List.of("timezone: \"Mars/Olympus\" is not a known time zone (an IANA name such as \"Europe/Paris\")",
                "confirm_ko_after: must be a whole number from 1 to 100, not 0"),
                List.of(siteProblems(Map.of("timezone", "Mars/Olympus")).get(0),
                        siteProblems(Map.of("confirm_ko_after", 0)).get(0)));
        assertEquals(List.of("maintenance_windows[0].days: \"sam\" is not a day name (mon, tue, wed, thu, fri, sat,"
                + " sun) nor a range of two (mon-fri)"), siteProblems(Map.of("maintenance_windows",
                List.of(Map.of("devices", "*", "days", "sam", "from", "22:00", "to", "06:00")))));
        assertEquals(List.of("maintenance_windows[0].until: must be after from"), siteProblems(Map.of(
                "maintenance_windows", List.of(Map.of("devices", List.of("a"), "from", "2027-01-01T10:00:00Z",
                        "until", "2027-01-01T09:00:00Z")))));
        assertEquals(List.of("maintenance_windows[0].devices: must be \"*\" or a non-empty list of device ids",
                "maintenance_windows[0].from: must be an ISO-8601 date and time with its offset, such as"
                        + " \"2027-01-10T08:00:00+01:00\", not \"tomorrow\"",
                "maintenance_windows[0].until: must be an ISO-8601 date and time with its offset, such as"
                        + " \"2027-01-10T08:00:00+01:00\", not null"),
                siteProblems(Map.of("maintenance_windows", List.of(Map.of("devices", "all", "from", "tomorrow")))));
        assertEquals(List.of("schedule.expected_on[0].to: must be a time of day as HH:MM (00:00 to 23:59), not \"7pm\"",
                "schedule.grace_min: must be a whole number of minutes from 0 to 1440"),
                deviceProblems(Map.of("schedule", Map.of("expected_on",
                        List.of(Map.of("days", "mon-fri", "from", "07:30", "to", "7pm")), "grace_min", -1))));
        assertEquals(List.of("off_means_unreachable: must be true or false"),
                deviceProblems(Map.of("off_means_unreachable", "yes")));
    }

    @Test
    void dayNamesRangesAndLists() {
        List<ValidationProblem> p = new ArrayList<>();
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.SATURDAY),
                WeeklySpan.days("Mon-wed, sat", p));
        assertEquals(Set.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
                WeeklySpan.days("fri-mon", p), "a range wraps over the week's end");
        assertTrue(p.isEmpty());
    }

    @Test
    void aSpanOverMidnightCoversTheMorningAfterItsDays() {
        WeeklySpan nights = WeeklySpan.parse(Map.of("days", "fri", "from", "22:00", "to", "06:00"), "to",
                new ArrayList<>());
        assertTrue(nights.covers(LocalDateTime.parse("2027-01-08T23:00"))); // Friday
        assertTrue(nights.covers(LocalDateTime.parse("2027-01-09T05:59"))); // Saturday morning
        assertFalse(nights.covers(LocalDateTime.parse("2027-01-09T06:00")));
        assertFalse(nights.covers(LocalDateTime.parse("2027-01-08T05:00")), "Friday morning belongs to Thursday");
        assertEquals(LocalDateTime.parse("2027-01-09T06:00"), nights.endAfter(LocalDateTime.parse("2027-01-08T23:00")));
    }
}
