package org.avmonitoring.agent.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one check of one device.
 *
 * @param status    ok, warning, ko or unknown
 * @param checkedAt when the check started
 * @param latencyMs round-trip time the driver measured, null when there was no answer
 * @param metrics   named values (numbers, strings, booleans, nested maps); keys are documented per driver in docs/drivers.md
 * @param error     what is wrong, for a human ("connect timeout after 3000 ms", "lamp error"); null when ok
 */
public record CheckResult(Status status, Instant checkedAt, Double latencyMs, Map<String, Object> metrics, String error) {

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checkedAt, "checkedAt");
        metrics = Values.frozenMap(metrics);
    }

    public static CheckResult unknown(Instant at, String error) {
        return new CheckResult(Status.UNKNOWN, at, null, Map.of(), error);
    }

    public static CheckResult ko(Instant at, String error) {
        return new CheckResult(Status.KO, at, null, Map.of(), error);
    }

    /**
     * What a driver answers for a device whose settings it rejects (a config edited by hand past the checks, or an
     * unsaved form tested from the UI): unknown, not ko, because nothing was asked of the device.
     */
    public static CheckResult invalidSettings(Instant at, java.util.List<ValidationProblem> problems) {
        String first = problems.isEmpty() ? "?" : problems.get(0).toString();
        return unknown(at, "invalid settings: " + first
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }

    public static Builder builder(Instant checkedAt) {
        return new Builder(checkedAt);
    }

    /** The same result with one more metric (the collector adds e.g. the driver's version). */
    public CheckResult withMetric(String key, Object value) {
        // One new small array (the constructor keeps an already frozen map as is), not a LinkedHashMap copy.
        return new CheckResult(status, checkedAt, latencyMs, Values.with(metrics, key, value), error);
    }

    /**
     * Collects metrics and the worst status seen while a driver works through a device's answers. Starts ok;
     * {@link #warn} and {@link #fail} raise the status and append to the error text.
     */
    public static final class Builder {
        private final Instant checkedAt;
        private final Map<String, Object> metrics = new LinkedHashMap<>();
        private final StringBuilder error = new StringBuilder();
        private Status status = Status.OK;
        private Double latencyMs;

        private Builder(Instant checkedAt) {
            this.checkedAt = Objects.requireNonNull(checkedAt);
        }

        public Builder metric(String key, Object value) {
            if (value != null) {
                metrics.put(key, value);
            }
            return this;
        }

        public Builder latencyMs(double ms) {
            this.latencyMs = ms;
            return this;
        }

        public Builder warn(String why) {
            return raise(Status.WARNING, why);
        }

        public Builder fail(String why) {
            return raise(Status.KO, why);
        }

        public Builder raise(Status to, String why) {
            status = status.worst(to);
            if (why != null && !why.isEmpty()) {
                if (error.length() > 0) {
                    error.append("; ");
                }
                error.append(why);
            }
            return this;
        }

        public Status status() {
            return status;
        }

        public CheckResult build() {
            return new CheckResult(status, checkedAt, latencyMs, metrics, error.length() == 0 ? null : error.toString());
        }
    }
}
