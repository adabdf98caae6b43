package org.avmonitoring.agent.api.monitor;

/** One point of a trend metric's long history (since 1.1): the last value seen in its time step. */
public record TrendPoint(long epochSecond, double value) {
}
