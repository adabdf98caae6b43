package org.avmonitoring.agent.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.DevicePolicy;
import org.avmonitoring.agent.api.config.StatusPolicy;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.junit.jupiter.api.Test;

class StatusJudgeTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final StatusJudge judge = new StatusJudge();

    private static DevicePolicy policy(Map<String, Object> device) {
        List<ValidationProblem> problems = new ArrayList<>();
        DevicePolicy p = DevicePolicy.parse(device, StatusPolicy.parse(Map.of(), problems), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        return p;
    }

    private Assessment judge(Status s, String at, DevicePolicy p) {
        return judge.judge(new CheckResult(s, Instant.parse(at), s == Status.KO ? null : 3.0, Map.of(), null),
                p, PARIS, null).assessment();
    }

    @Test
    void koIsConfirmedAfterNFailuresAndLeftAfterMGoodChecks() {
        DevicePolicy p = policy(Map.of("confirm_ko_after", 3, "confirm_ok_after", 2));
        assertEquals(Status.OK, judge(Status.OK, "2027-01-04T08:00:00Z", p).state());
        Assessment one = judge(Status.KO, "2027-01-04T08:01:00Z", p);
        assertEquals(Status.OK, one.state());
        assertEquals(1, one.unconfirmedFailures());
        assertEquals(2, judge(Status.KO, "2027-01-04T08:02:00Z", p).unconfirmedFailures());
        Assessment third = judge(Status.KO, "2027-01-04T08:03:00Z", p);
        assertEquals(Status.KO, third.state());
        assertEquals(0, third.unconfirmedFailures());
        assertEquals(Status.KO, judge(Status.OK, "2027-01-04T08:04:00Z", p).state(), "one good check is not enough");
        assertEquals(Status.OK, judge(Status.OK, "2027-01-04T08:05:00Z", p).state());
    }

    @Test
    void aSingleLostCheckIsNotConfirmedWithTheDefaults() {
        DevicePolicy p = policy(Map.of());
        judge(Status.OK, "2027-01-04T08:00:00Z", p);
        assertEquals(Status.OK, judge(Status.KO, "2027-01-04T08:01:00Z", p).state());
        assertEquals(0, judge(Status.OK, "2027-01-04T08:02:00Z", p).unconfirmedFailures());
        judge(Status.KO, "2027-01-04T08:03:00Z", p);
        assertEquals(Status.KO, judge(Status.KO, "2027-01-04T08:04:00Z", p).state());
        assertEquals(Status.OK, judge(Status.OK, "2027-01-04T08:05:00Z", p).state(), "confirm_ok_after 1");
    }

    @Test
    void unknownAppliesAtOnceAndRestartsTheCount() {
        DevicePolicy p = policy(Map.of());
        assertEquals(Status.UNKNOWN, judge(Status.KO, "2027-01-04T08:00:00Z", p).state(), "nothing confirmed yet");
        assertEquals(Status.UNKNOWN, judge(Status.UNKNOWN, "2027-01-04T08:01:00Z", p).state());
        assertEquals(1, judge(Status.KO, "2027-01-04T08:02:00Z", p).unconfirmedFailures(), "count restarted");
        assertEquals(Status.WARNING, judge(Status.WARNING, "2027-01-04T08:03:00Z", p).state());
    }

    private StatusJudge.Verdict power(String power, String at, DevicePolicy p) {
        return judge.judge(new CheckResult(Status.OK, Instant.parse(at), 2.0, Map.of("power", power), null),
                p, PARIS, null);
    }

    private static final Map<String, Object> WEEKDAYS = Map.of("schedule", Map.of("expected_on",
            List.of(Map.of("days", "mon-fri", "from", "07:30", "to", "19:00")), "grace_min", 15));

    @Test
    void standbyOutsideHoursIsOkAndInsideBeyondGraceAWarning() {
        DevicePolicy p = policy(WEEKDAYS);
        // Monday 4 Jan 2027, 06:00 Paris = 05:00Z: expected off
        StatusJudge.Verdict night = power("standby", "2027-01-04T05:00:00Z", p);
        assertEquals("off", night.assessment().expected());
        assertEquals(Status.OK, night.assessment().state());
        // 08:02 Paris: on expected, off since 06:00 → beyond grace
        StatusJudge.Verdict late = power("off", "2027-01-04T07:02:00Z", p);
        assertEquals("on", late.assessment().expected());
        assertEquals(Status.WARNING, late.assessment().state());
        assertEquals("off during opening hours (since 06:00)", late.result().error());
        assertEquals(Status.OK, late.result().status(), "the observed status is kept");
        assertEquals(Status.OK, power("on", "2027-01-04T07:03:00Z", p).assessment().state());
    }

    @Test
    void offWithinGraceIsOkAndUnreachableCountsAsOffOnlyWhenSaid() {
        DevicePolicy p = policy(WEEKDAYS);
        power("on", "2027-01-04T09:00:00Z", p);
        assertEquals(Status.OK, power("standby", "2027-01-04T09:01:00Z", p).assessment().state());
        assertEquals(Status.OK, power("standby", "2027-01-04T09:15:00Z", p).assessment().state());
        assertEquals(Status.WARNING, power("standby", "2027-01-04T09:16:00Z", p).assessment().state());

        Map<String, Object> sleeping = new java.util.HashMap<>(WEEKDAYS);
        sleeping.put("off_means_unreachable", true);
        StatusJudge other = new StatusJudge();
        CheckResult lost = CheckResult.ko(Instant.parse("2027-01-04T22:00:00Z"), "timeout");
        DevicePolicy sp = policy(sleeping);
        other.judge(lost, sp, PARIS, null);
        assertEquals(Status.OK, other.judge(lost, sp, PARIS, null).assessment().state(), "asleep at night");
        StatusJudge plain = new StatusJudge();
        plain.judge(lost, p, PARIS, null);
        assertEquals(Status.KO, plain.judge(lost, p, PARIS, null).assessment().state());
    }

    @Test
    void withoutScheduleNothingIsExpected() {
        assertNull(judge(Status.OK, "2027-01-04T08:00:00Z", policy(Map.of())).expected());
    }

    private String expectedAt(String at, ZoneId zone) {
        DevicePolicy p = policy(Map.of("schedule", Map.of("expected_on",
                List.of(Map.of("days", "mon-sun", "from", "07:30", "to", "19:00")))));
        return new StatusJudge().judge(new CheckResult(Status.OK, Instant.parse(at), 1.0, Map.of(), null), p, zone,
                null).assessment().expected();
    }

    @Test
    void expectedHoursFollowTheSiteZoneAcrossADaylightSavingChange() {
        // Saturday 27 March 2027, Paris on UTC+1: 07:30 local is 06:30Z
        assertEquals("off", expectedAt("2027-03-27T06:29:00Z", PARIS));
        assertEquals("on", expectedAt("2027-03-27T06:30:00Z", PARIS));
        // Sunday 28 March 2027, clocks went forward at 02:00: 07:30 local is 05:30Z
        assertEquals("off", expectedAt("2027-03-28T05:29:00Z", PARIS));
        assertEquals("on", expectedAt("2027-03-28T05:30:00Z", PARIS));
        assertEquals("off", expectedAt("2027-03-28T17:00:00Z", PARIS), "19:00 local");
        // the same instant is still night in New York
        assertEquals("off", expectedAt("2027-03-28T05:30:00Z", ZoneId.of("America/New_York")));
    }

    @Test
    void expectedHoursOverMidnight() {
        DevicePolicy p = policy(Map.of("schedule", Map.of("expected_on",
                List.of(Map.of("days", "fri", "from", "20:00", "to", "02:00")))));
        // Saturday 9 Jan 2027 01:00 Paris = 00:00Z: the Friday evening span
        assertEquals("on", judge.judge(new CheckResult(Status.OK, Instant.parse("2027-01-09T00:00:00Z"), 1.0,
                Map.of(), null), p, PARIS, null).assessment().expected());
        assertEquals("off", judge.judge(new CheckResult(Status.OK, Instant.parse("2027-01-09T01:00:00Z"), 1.0,
                Map.of(), null), p, PARIS, null).assessment().expected());
    }
}
