package org.avmonitoring.agent.api.monitor;

import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;

/**
 * What the collector knows of one device now.
 *
 * @param latest      the last result, null before the first check ends
 * @param statusSince when the status last changed (or when the device was first seen)
 * @param checks      checks completed since the agent started
 * @param failures    of those, how many were ko
 * @param assessment  the confirmed state, expected power and maintenance now (since 1.1)
 */
public record DeviceState(Device device, CheckResult latest, Instant statusSince, long checks, long failures,
                          Assessment assessment) {

    /** The 1.0 shape: the assessment is the latest status, nothing more. */
    public DeviceState(Device device, CheckResult latest, Instant statusSince, long checks, long failures) {
        this(device, latest, statusSince, checks, failures, null);
    }

    public DeviceState {
        if (assessment == null) {
            assessment = Assessment.observed(latest == null ? Status.UNKNOWN : latest.status());
        }
    }

    public Status status() {
        return latest == null ? Status.UNKNOWN : latest.status();
    }
}
