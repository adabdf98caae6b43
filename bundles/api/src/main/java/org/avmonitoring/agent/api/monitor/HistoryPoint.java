package org.avmonitoring.agent.api.monitor;

import java.time.Instant;

import org.avmonitoring.agent.api.Status;

/** One past check, in the compact form kept for charts. {@code latencyMs} is null when there was no answer. */
public record HistoryPoint(Instant at, Status status, Double latencyMs) {
}
