package org.avmonitoring.agent.api.config;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.ValidationProblem;

/**
 * Days of the week and a time of day range in the site's zone ({@code {"days": "mon-fri", "from": "07:30", "to":
 * "19:00"}}), used by schedules and recurring maintenance windows (since 1.2). A range whose end is not after its
 * start runs over midnight: it starts on one of the days and ends the next day.
 */
public record WeeklySpan(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    private static final List<String> NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public WeeklySpan {
        days = Set.copyOf(days);
    }

    /** Whether {@code t} (local time in the site's zone) is inside one of the spans. */
    public boolean covers(LocalDateTime t) {
        LocalTime time = t.toLocalTime();
        if (from.isBefore(to)) {
            return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
        }
        // over midnight: the evening part of a listed day, or the morning after it
        return (days.contains(t.getDayOfWeek()) && !time.isBefore(from))
                || (days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(to));
    }

    /** When the span that covers {@code t} ends (local time); call only when {@link #covers} is true. */
    public LocalDateTime endAfter(LocalDateTime t) {
        LocalDateTime end = t.toLocalDate().atTime(to);
        return end.isAfter(t) ? end : end.plusDays(1);
    }

    /** Reads {@code days}, {@code from} and {@code toKey} of {@code object}; problems are relative to it. */
    static WeeklySpan parse(Map<?, ?> object, String toKey, List<ValidationProblem> problems) {
        int before = problems.size();
        Set<DayOfWeek> days = days(object.get("days"), problems);
        LocalTime from = time(object.get("from"), "from", problems);
        LocalTime to = time(object.get(toKey), toKey, problems);
        return problems.size() > before ? null : new WeeklySpan(days, from, to);
    }

    /** {@code mon}…{@code sun}, ranges {@code mon-fri} (wrapping: {@code fri-mon}), lists {@code mon,wed,sat-sun}. */
    static Set<DayOfWeek> days(Object value, List<ValidationProblem> problems) {
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add(new ValidationProblem("days",
                    "must be day names such as \"mon-fri\" or \"sat,sun\""));
            return Set.of();
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            String[] ends = part.trim().split("-", -1);
            int a = NAMES.indexOf(ends[0].trim());
            int b = ends.length == 2 ? NAMES.indexOf(ends[1].trim()) : a;
            if (ends.length > 2 || a < 0 || b < 0) {
                problems.add(new ValidationProblem("days", "\"" + part.trim()
                        + "\" is not a day name (mon, tue, wed, thu, fri, sat, sun) nor a range of two (mon-fri)"));
                return Set.of();
            }
            for (int i = a; ; i = (i + 1) % 7) {
                out.add(DayOfWeek.of(i + 1));
                if (i == b) {
                    break;
                }
            }
        }
        return out;
    }

    static LocalTime time(Object value, String key, List<ValidationProblem> problems) {
        if (value instanceof String text && text.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            return LocalTime.parse(text);
        }
        if ("24:00".equals(value)) {
            return LocalTime.MIDNIGHT;
        }
        problems.add(new ValidationProblem(key,
                "must be a time of day as HH:MM (00:00 to 23:59), not " + describe(value)));
        return null;
    }

    static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
