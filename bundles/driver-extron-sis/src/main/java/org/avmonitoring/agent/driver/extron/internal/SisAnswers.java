package org.avmonitoring.agent.driver.extron.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.CheckResult;

/** What one poll read from a device; filled on the I/O thread, then turned into a result. */
final class SisAnswers {
    String model;
    String login;
    String firmware;
    String partNumber;
    String information;
    Double temperatureC;
    List<Boolean> signals;
    /** Queries the device answered with an error ({@code E10}, {@code E13}...): not supported by this product. */
    final List<String> unsupported = new ArrayList<>();
    /** Replies that were neither an error nor what the query answers: reported, never a fault. */
    final List<String> unreadable = new ArrayList<>();
    Double latencyMs;

    CheckResult toResult(Instant startedAt, ExtronSettings settings) {
        CheckResult.Builder r = CheckResult.builder(startedAt);
        if (latencyMs != null) {
            r.latencyMs(latencyMs);
        }
        r.metric("model", model).metric("firmware_version", firmware).metric("part_number", partNumber)
                .metric("information", information).metric("login", login).metric("temperature_c", temperatureC);
        if (signals != null) {
            int on = 0;
            for (int i = 0; i < signals.size(); i++) {
                r.metric("input_" + (i + 1) + "_signal", signals.get(i));
                on += signals.get(i) ? 1 : 0;
            }
            r.metric("inputs_with_signal", on);
        }
        r.metric("unsupported_queries", unsupported.isEmpty() ? null : String.join(" ", unsupported));
        r.metric("unreadable_replies", unreadable.isEmpty() ? null : String.join("; ", unreadable));
        Integer limit = settings.temperatureWarningC();
        if (limit != null && temperatureC != null && temperatureC > limit) {
            r.warn("temperature " + temperatureC + " °C above " + limit + " °C");
        }
        return r.build();
    }
}
