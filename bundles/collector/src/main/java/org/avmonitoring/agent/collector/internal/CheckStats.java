package org.avmonitoring.agent.collector.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.CollectorStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's counters: checks in flight against their maximum (a saturation is logged once, and its end),
 * checks done and failed, and their duration (last, and a moving mean).
 */
final class CheckStats {
    private static final Logger LOG = LoggerFactory.getLogger(CheckStats.class);
    /** Weight of the newest check in {@link CollectorStats#averageCollectionMs()} (an exponential moving mean). */
    private static final double AVERAGE_WEIGHT = 0.05;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean saturationLogged = new AtomicBoolean();
    private final LongAdder checksTotal = new LongAdder();
    private final LongAdder checksFailed = new LongAdder();
    private final Object durationLock = new Object();
    private double lastMs;
    private double averageMs;

    /** Whether another check may start; when not, says so once (naming the first device that had to wait). */
    boolean admits(int maxInFlight, String deviceId) {
        if (inFlight.get() < maxInFlight) {
            return true;
        }
        if (saturationLogged.compareAndSet(false, true)) {
            LOG.warn("{} checks in flight, the configured maximum: cycles are skipped (device {} first)",
                    inFlight.get(), deviceId);
        }
        return false;
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void ended() {
        inFlight.decrementAndGet();
    }

    /** A check's result was recorded (not a result the collector made up). */
    void completed(Status status, double durationMs, int maxInFlight) {
        checksTotal.increment();
        if (status == Status.KO) {
            checksFailed.increment();
        }
        synchronized (durationLock) {
            lastMs = durationMs;
            averageMs = checksTotal.sum() == 1 ? lastMs : averageMs + AVERAGE_WEIGHT * (lastMs - averageMs);
        }
        if (inFlight.get() < maxInFlight / 2 && saturationLogged.compareAndSet(true, false)) {
            LOG.info("checks in flight back to {}, below the maximum", inFlight.get());
        }
    }

    CollectorStats snapshot(int monitored, Map<Status, Integer> byStatus) {
        synchronized (durationLock) {
            return new CollectorStats(monitored, byStatus, checksTotal.sum(), checksFailed.sum(), inFlight.get(),
                    lastMs, averageMs);
        }
    }
}
