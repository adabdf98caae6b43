package org.avmonitoring.agent.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.ValidationProblem;

/**
 * The status keys of one device (since 1.2): {@code confirm_ko_after}, {@code confirm_ok_after} (over the site's),
 * {@code schedule} and {@code off_means_unreachable}.
 *
 * @param expectedOn the spans of {@code schedule.expected_on}; null without a schedule
 * @param graceMin   {@code schedule.grace_min}: minutes a device may be off inside its hours before it is a warning
 */
public record DevicePolicy(int confirmKoAfter, int confirmOkAfter, List<WeeklySpan> expectedOn, int graceMin,
                           boolean offMeansUnreachable) {
    public static final int DEFAULT_GRACE_MIN = 15;

    public DevicePolicy {
        expectedOn = expectedOn == null ? null : List.copyOf(expectedOn);
    }

    public boolean scheduled() {
        return expectedOn != null;
    }

    /** Reads a device's settings; faults go to {@code problems} (paths relative to the device). */
    public static DevicePolicy parse(Map<String, Object> settings, StatusPolicy site, List<ValidationProblem> problems) {
        int ko = StatusPolicy.count(settings.get("confirm_ko_after"), site.confirmKoAfter(), "confirm_ko_after", problems);
        int ok = StatusPolicy.count(settings.get("confirm_ok_after"), site.confirmOkAfter(), "confirm_ok_after", problems);
        Object off = settings.get("off_means_unreachable");
        if (off != null && !(off instanceof Boolean)) {
            problems.add(new ValidationProblem("off_means_unreachable", "must be true or false"));
        }
        List<WeeklySpan> spans = null;
        int grace = DEFAULT_GRACE_MIN;
        Object schedule = settings.get("schedule");
        if (schedule instanceof Map<?, ?> object) {
            spans = new ArrayList<>();
            Object list = object.get("expected_on");
            if (list instanceof List<?> entries) {
                for (int i = 0; i < entries.size(); i++) {
                    String at = "schedule.expected_on[" + i + "]";
                    if (entries.get(i) instanceof Map<?, ?> entry) {
                        List<ValidationProblem> own = new ArrayList<>();
                        WeeklySpan span = WeeklySpan.parse(entry, "to", own);
                        own.forEach(p -> problems.add(p.prefixed(at)));
                        if (span != null) {
                            spans.add(span);
                        }
                    } else {
                        problems.add(new ValidationProblem(at, "must be an object with days, from and to"));
                    }
                }
            } else {
                problems.add(new ValidationProblem("schedule.expected_on",
                        "must be a list of {\"days\": \"mon-fri\", \"from\": \"07:30\", \"to\": \"19:00\"}"));
            }
            Object g = object.get("grace_min");
            if (g instanceof Integer n && n >= 0 && n <= 24 * 60) {
                grace = n;
            } else if (g != null) {
                problems.add(new ValidationProblem("schedule.grace_min", "must be a whole number of minutes from 0 to 1440"));
            }
        } else if (schedule != null) {
            problems.add(new ValidationProblem("schedule", "must be an object with expected_on and grace_min"));
        }
        return new DevicePolicy(ko, ok, spans, grace, Boolean.TRUE.equals(off));
    }
}
