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
 */
public record DeviceState(Device device, CheckResult latest, Instant statusSince, long checks, long failures) {

    public Status status() {
        return latest == null ? Status.UNKNOWN : latest.status();
    }
}
