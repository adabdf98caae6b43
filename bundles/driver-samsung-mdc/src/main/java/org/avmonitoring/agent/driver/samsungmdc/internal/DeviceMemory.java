package org.avmonitoring.agent.driver.samsungmdc.internal;

import java.util.Map;

/** What the driver remembers about one display between polls: its identity, read on the identity cadence. */
final class DeviceMemory {
    final String endpoint;
    /** Serial number, model name, software version from the last poll that read them, frozen. */
    Map<String, Object> identity = Map.of();
    long identityReadAtMs = Long.MIN_VALUE;

    DeviceMemory(String endpoint) {
        this.endpoint = endpoint;
    }

    boolean identityStale(long nowMs, long refreshMs) {
        return identityReadAtMs == Long.MIN_VALUE || nowMs - identityReadAtMs >= refreshMs;
    }
}
