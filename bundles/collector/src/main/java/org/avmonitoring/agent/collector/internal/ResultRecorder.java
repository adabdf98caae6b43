package org.avmonitoring.agent.collector.internal;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
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

    ResultRecorder(ResultPublisher publisher, CheckStats stats) {
        this.publisher = publisher;
        this.stats = stats;
    }

    void record(DeviceSlot slot, Check check, Check.Outcome outcome, int maxInFlight) {
        CheckResult result = outcome.result().withMetric(DRIVER_VERSION, check.driver.version());
        CheckResult previous;
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
                            slot.id, result.error());
                }
            } else if (slot.faultLogged) {
                slot.faultLogged = false;
                LOG.info("device {}: driver {} answers normally again", slot.id, check.driver.type());
            }
            previous = slot.latest;
            store(slot, result);
            slot.checks++;
            if (result.status() == Status.KO) {
                slot.failures++;
            }
            device = slot.configured;
        }
        stats.completed(result.status(), outcome.durationMs(), maxInFlight);
        publisher.publish(device, result, previous);
    }

    /** A result the collector made up itself (no driver): state and listeners, but not the check counts. */
    void recordSynthetic(DeviceSlot slot, int gen, CheckResult result) {
        CheckResult previous;
        Device device;
        synchronized (slot) {
            if (slot.generation != gen || slot.retired) {
                return;
            }
            previous = slot.latest;
            store(slot, result);
            device = slot.configured;
        }
        publisher.publish(device, result, previous);
    }

    /** Caller holds the slot's monitor. */
    private static void store(DeviceSlot slot, CheckResult result) {
        Status before = slot.latest == null ? Status.UNKNOWN : slot.latest.status();
        if (before != result.status()) {
            slot.statusSince = result.checkedAt();
        }
        slot.latest = result;
        slot.history.add(result.checkedAt().getEpochSecond(), result.status(), result.latencyMs());
    }
}
