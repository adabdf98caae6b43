package org.avmonitoring.agent.collector;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.DevicePolicy;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Maintenance;

/**
 * One device's confirmed state, built result by result (docs/configuration.md, "Status"). Not thread-safe: the
 * caller holds the device's slot.
 *
 * <ul>
 * <li>Opening hours first: a device is <em>off</em> when its metric {@code power} is one of {@link #OFF_POWER}, or,
 * with {@code off_means_unreachable}, when the check got no answer (ko without latency). Off is ok outside the
 * expected hours and during {@code grace_min} inside them; beyond that it is a warning, "off during opening hours
 * (since 08:02)".</li>
 * <li>Then confirmation: a ko becomes the state after {@code confirm_ko_after} ko checks in a row; leaving ko takes
 * {@code confirm_ok_after} checks in a row that are not ko. Ok and warning apply at once from a state that is not
 * ko; unknown (nothing was asked of the device) applies at once and restarts both counts.</li>
 * </ul>
 */
final class StatusJudge {
    /** The values of metric {@code power} that mean standby, as the PJLink, Samsung MDC and NEC drivers report. */
    static final Set<String> OFF_POWER = Set.of("off", "standby", "suspend", "cooling");
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    private Status state = Status.UNKNOWN;
    private int koInRow;
    private int goodInRow;
    private Instant offSince;

    /** What the collector records: the result (its error completed by the schedule rule) and its assessment. */
    record Verdict(CheckResult result, Assessment assessment) {
    }

    Verdict judge(CheckResult r, DevicePolicy policy, ZoneId zone, Maintenance maintenance) {
        Status observed = r.status();
        CheckResult shown = r;
        String expected = null;
        if (policy.scheduled()) {
            LocalDateTime local = LocalDateTime.ofInstant(r.checkedAt(), zone);
            boolean on = policy.expectedOn().stream().anyMatch(s -> s.covers(local));
            expected = on ? "on" : "off";
            if (isOff(r, policy)) {
                if (offSince == null) {
                    offSince = r.checkedAt();
                }
                if (on && !r.checkedAt().isBefore(offSince.plusSeconds(60L * policy.graceMin()))) {
                    observed = Status.WARNING;
                    shown = withError(r, "off during opening hours (since "
                            + HOUR_MINUTE.format(LocalDateTime.ofInstant(offSince, zone)) + ")");
                } else {
                    observed = Status.OK;
                }
            } else {
                offSince = null;
            }
        }
        confirm(observed, policy);
        return new Verdict(shown, new Assessment(state, state == Status.KO ? 0 : koInRow, expected, maintenance));
    }

    /** The assessment between results (maintenance started or ended): the same state, the window now. */
    Assessment now(Assessment last, Maintenance maintenance) {
        return new Assessment(state, last.unconfirmedFailures(), last.expected(), maintenance);
    }

    private void confirm(Status observed, DevicePolicy policy) {
        switch (observed) {
            case KO -> {
                koInRow++;
                goodInRow = 0;
                if (koInRow >= policy.confirmKoAfter()) {
                    state = Status.KO;
                }
            }
            case UNKNOWN -> {
                koInRow = 0;
                goodInRow = 0;
                state = Status.UNKNOWN;
            }
            default -> {
                koInRow = 0;
                goodInRow++;
                if (state != Status.KO || goodInRow >= policy.confirmOkAfter()) {
                    state = observed;
                }
            }
        }
    }

    private static boolean isOff(CheckResult r, DevicePolicy policy) {
        Object power = r.metrics().get("power");
        if (power instanceof String p && OFF_POWER.contains(p)) {
            return true;
        }
        return policy.offMeansUnreachable() && r.status() == Status.KO && r.latencyMs() == null;
    }

    private static CheckResult withError(CheckResult r, String why) {
        String error = r.error() == null ? why : why + "; " + r.error();
        return new CheckResult(r.status(), r.checkedAt(), r.latencyMs(), r.metrics(), error);
    }
}
