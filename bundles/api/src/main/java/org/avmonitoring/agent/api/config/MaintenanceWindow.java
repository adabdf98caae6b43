package org.avmonitoring.agent.api.config;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.avmonitoring.agent.api.ValidationProblem;

/**
 * One entry of the site key {@code maintenance_windows} (since 1.2): one-off ({@code from}/{@code until} as
 * ISO-8601 instants) or recurring ({@code days}, {@code from}/{@code to} as times of day in the site's zone).
 *
 * @param devices the device ids it applies to; null for every device ({@code "*"})
 * @param from    start of a one-off window, null when recurring
 * @param until   end of a one-off window, null when recurring
 * @param weekly  the recurring span, null when one-off
 */
public record MaintenanceWindow(Set<String> devices, Instant from, Instant until, WeeklySpan weekly, String reason) {

    public MaintenanceWindow {
        devices = devices == null ? null : Set.copyOf(devices);
        reason = reason == null ? "" : reason;
    }

    /** When the window that holds {@code deviceId} at {@code now} ends, if it does. */
    public Optional<Instant> endFor(String deviceId, Instant now, ZoneId zone) {
        if (devices != null && !devices.contains(deviceId)) {
            return Optional.empty();
        }
        if (weekly == null) {
            return !now.isBefore(from) && now.isBefore(until) ? Optional.of(until) : Optional.empty();
        }
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        return weekly.covers(local) ? Optional.of(weekly.endAfter(local).atZone(zone).toInstant()) : Optional.empty();
    }

    /** One entry; problems are relative to it. */
    static MaintenanceWindow parse(Object node, List<ValidationProblem> problems) {
        if (!(node instanceof Map<?, ?> object)) {
            problems.add(new ValidationProblem("", "must be an object with devices, from, until (or days, from, to) and reason"));
            return null;
        }
        int before = problems.size();
        Set<String> devices = devices(object.get("devices"), problems);
        Object reason = object.get("reason");
        if (reason != null && !(reason instanceof String)) {
            problems.add(new ValidationProblem("reason", "must be text"));
        }
        MaintenanceWindow w;
        if (object.containsKey("days")) {
            WeeklySpan span = WeeklySpan.parse(object, "to", problems);
            w = span == null ? null : new MaintenanceWindow(devices, null, null, span, (String) reason);
        } else {
            Instant from = instant(object.get("from"), "from", problems);
            Instant until = instant(object.get("until"), "until", problems);
            if (from != null && until != null && !until.isAfter(from)) {
                problems.add(new ValidationProblem("until", "must be after from"));
            }
            w = new MaintenanceWindow(devices, from, until, null, reason instanceof String s ? s : null);
        }
        return problems.size() > before ? null : w;
    }

    private static Set<String> devices(Object value, List<ValidationProblem> problems) {
        if ("*".equals(value)) {
            return null;
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) list;
            return Set.copyOf(ids);
        }
        problems.add(new ValidationProblem("devices", "must be \"*\" or a non-empty list of device ids"));
        return Set.of();
    }

    private static Instant instant(Object value, String key, List<ValidationProblem> problems) {
        if (value instanceof String text) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        problems.add(new ValidationProblem(key, "must be an ISO-8601 date and time with its offset, such as"
                + " \"2027-01-10T08:00:00+01:00\", not " + WeeklySpan.describe(value)));
        return null;
    }
}
