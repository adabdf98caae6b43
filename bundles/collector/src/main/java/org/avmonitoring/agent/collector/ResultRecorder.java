package org.avmonitoring.agent.collector;

import java.time.Instant;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.StatusPolicy;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Forecast;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the end of a check into the device's live state, history, counters and listeners' news; drops the results
 * of a definition that changed meanwhile. A misbehaving driver is logged once per device until it answers normally.
 */
final class ResultRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(ResultRecorder.class);
    static final String DRIVER_VERSION = "driver_version";

    private final ResultPublisher publisher;
    private final CheckStats stats;
    private final MaintenanceBook maintenance;
    private final Supplier<StatusPolicy> policy;

    private final TrendStore trends;

    ResultRecorder(ResultPublisher publisher, CheckStats stats, MaintenanceBook maintenance,
                   Supplier<StatusPolicy> policy, TrendStore trends) {
        this.publisher = publisher;
        this.stats = stats;
        this.maintenance = maintenance;
        this.policy = policy;
        this.trends = trends;
    }

    void record(DeviceSlot slot, Check check, Check.Outcome outcome, int maxInFlight) {
        CheckResult observed = outcome.result().withMetric(DRIVER_VERSION, check.driver.version());
        Recorded now;
        Recorded previous;
        Device device;
        synchronized (slot) {
            if (slot.check == check) {
                slot.check = null;
            }
            if (slot.generation != check.generation || slot.retired) {
                return;
            }
            if (outcome.driverFault()) {
                if (!slot.faultLogged) {
                    slot.faultLogged = true;
                    LOG.warn("device {}: {}; further faults of this device are not logged until a normal result",
                            slot.id, observed.error());
                }
            } else if (slot.faultLogged) {
                slot.faultLogged = false;
                LOG.info("device {}: driver {} answers normally again", slot.id, check.driver.type());
            }
            previous = slot.recorded;
            observed = withForecasts(slot, observed, check.driver.description());
            now = store(slot, observed);
            slot.checks++;
            if (observed.status() == Status.KO) {
                slot.failures++;
            }
            device = slot.configured;
        }
        stats.completed(observed.status(), outcome.durationMs(), maxInFlight);
        publisher.publish(device, now, previous);
    }

    /** A result the collector made up itself (no driver): state and listeners, but not the check counts. */
    void recordSynthetic(DeviceSlot slot, int gen, CheckResult result) {
        Recorded now;
        Recorded previous;
        Device device;
        synchronized (slot) {
            if (slot.generation != gen || slot.retired) {
                return;
            }
            previous = slot.recorded;
            now = store(slot, result);
            device = slot.configured;
        }
        publisher.publish(device, now, previous);
    }

    /**
     * Keeps the driver's trend metrics in the long history and adds {@code forecast_<metric>_date} for each wear
     * forecast. Caller holds the slot's monitor.
     */
    private CheckResult withForecasts(DeviceSlot slot, CheckResult r, DriverDescription description) {
        long at = r.checkedAt().getEpochSecond();
        r.metrics().forEach((key, value) -> {
            if (value instanceof Number n && WearForecasts.isTrend(description, key)) {
                trends.add(slot.id, key, at, n.doubleValue());
            }
        });
        slot.forecasts = WearForecasts.of(slot.thresholds, r, trends, slot.id, description, policy.get().zone());
        CheckResult out = r;
        for (Forecast f : slot.forecasts) {
            out = out.withMetric(WearForecasts.METRIC_PREFIX + f.metric() + "_date", f.date().toString());
        }
        return out;
    }

    /** The device's assessment now, between results (a maintenance window started or ended meanwhile). */
    Assessment assessmentNow(DeviceSlot slot, Instant at) {
        Maintenance m = maintenance.current(slot.id, at, policy.get());
        synchronized (slot) {
            return slot.recorded == null ? new Assessment(Status.UNKNOWN, 0, null, m)
                    : slot.judge.now(slot.recorded.assessment(), m);
        }
    }

    /** Judges the observed result and stores what was concluded. Caller holds the slot's monitor. */
    private Recorded store(DeviceSlot slot, CheckResult observed) {
        StatusPolicy site = policy.get();
        Maintenance m = maintenance.current(slot.id, observed.checkedAt(), site);
        StatusJudge.Verdict v = slot.judge.judge(observed, slot.policy, site.zone(), m);
        CheckResult result = v.result();
        Status before = slot.latest == null ? Status.UNKNOWN : slot.latest.status();
        if (before != result.status()) {
            slot.statusSince = result.checkedAt();
        }
        slot.latest = result;
        slot.history.add(result.checkedAt().getEpochSecond(), result.status(), result.latencyMs());
        slot.recorded = new Recorded(result, v.assessment());
        return slot.recorded;
    }
}
