package org.avmonitoring.agent.collector;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.config.DevicePolicy;
import org.avmonitoring.agent.api.monitor.Forecast;
import org.avmonitoring.agent.api.monitor.Recorded;

/**
 * Everything the collector holds for one configured device: its schedule, the check in flight, and its live state.
 * Guarded by its own monitor; {@link #generation} changes whenever the device is redefined or removed, so timers and
 * results of the old definition recognise themselves as stale and are dropped.
 */
final class DeviceSlot {
    final String id;

    /** As in config.json; the collector derives what the driver sees (interval, driver defaults) at each poll. */
    Device configured;
    int generation;
    boolean retired;

    long intervalMs;
    long nextDueMs;
    TaskScheduler.Cancellable timer;
    Check check;

    CheckResult latest;
    /** The latest result with its assessment, as the listeners received it; null before the first. */
    Recorded recorded;
    /** The status keys of {@link #configured} over the site's. */
    DevicePolicy policy;
    final StatusJudge judge = new StatusJudge();
    /** The {@code <x>_hours_warning} settings of the effective device, and the forecasts of the latest result. */
    Map<String, Double> thresholds = Map.of();
    List<Forecast> forecasts = List.of();
    Instant statusSince;
    long checks;
    long failures;
    History history;

    /** The last poll found no driver for the type: poll at once when one appears. */
    boolean waitingForDriver;
    /** A driver fault (hang, throw, null) was logged and not yet followed by a normal result. */
    boolean faultLogged;
    /** A skipped cycle (previous check still running) was logged and not yet followed by a normal one. */
    boolean overlapLogged;

    DeviceSlot(String id, Instant firstSeen, History history) {
        this.id = id;
        this.statusSince = firstSeen;
        this.history = history;
    }
}
