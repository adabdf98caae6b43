package org.avmonitoring.agent.api.monitor;

import java.util.Objects;

import org.avmonitoring.agent.api.CheckResult;

/** A result as the collector recorded it: the observed result and what was concluded from it (since 1.1). */
public record Recorded(CheckResult result, Assessment assessment) {

    public Recorded {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(assessment, "assessment");
    }

    /** A result with nothing concluded beyond its own status. */
    public static Recorded observed(CheckResult result) {
        return new Recorded(result, Assessment.observed(result.status()));
    }
}
