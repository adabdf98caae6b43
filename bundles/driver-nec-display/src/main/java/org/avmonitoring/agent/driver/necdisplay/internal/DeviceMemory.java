package org.avmonitoring.agent.driver.necdisplay.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * What the driver remembers about one monitor between polls: the last answer to each detail and identity request
 * and when it came (an unsupported one is remembered as absent), and the power state of the last poll.
 */
final class DeviceMemory {
    final String endpoint;
    final Map<NecRequest, Object> answers = new HashMap<>();
    final Map<NecRequest, Long> readAtMs = new HashMap<>();
    String power;
    /** {@link System#nanoTime()} of the last packet from the monitor (0: none yet), for the pause between packets. */
    volatile long lastReplyNanos;

    DeviceMemory(String endpoint) {
        this.endpoint = endpoint;
    }

    /** When {@code r} was last answered, or {@link Long#MIN_VALUE} when never. */
    long readAt(NecRequest r) {
        return readAtMs.getOrDefault(r, Long.MIN_VALUE);
    }
}
