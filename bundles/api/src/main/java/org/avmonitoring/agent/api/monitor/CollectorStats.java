package org.avmonitoring.agent.api.monitor;

import java.util.Map;

import org.avmonitoring.agent.api.Status;

/**
 * Agent-level figures (the seed's application metrics).
 *
 * @param devicesMonitored     enabled devices being polled
 * @param devicesByStatus      how many devices are in each status now
 * @param checksTotal          checks completed since start
 * @param checksFailed         of those, ko
 * @param checksInFlight       checks started and not yet finished
 * @param lastCollectionMs     how long the most recent check took, in ms
 * @param averageCollectionMs  mean duration of recent checks, in ms
 */
public record CollectorStats(int devicesMonitored, Map<Status, Integer> devicesByStatus, long checksTotal,
                             long checksFailed, int checksInFlight, double lastCollectionMs,
                             double averageCollectionMs) {

    public CollectorStats {
        devicesByStatus = Map.copyOf(devicesByStatus);
    }
}
