package org.avmonitoring.agent.driver.snmp.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.snmp4j.Target;
import org.snmp4j.smi.UdpAddress;

/**
 * What one device's previous poll left behind: sysUpTime (reboot detection), identity values (polled less often)
 * and interface error counters (deltas). Touched by one poll at a time per device.
 */
final class DeviceMemory {
    static final long TICKS_WRAP = 1L << 32;

    Long upTimeTicks;
    Instant upTimeAt;
    Instant identityAt;
    Map<String, Object> identity = Map.of();
    Map<Integer, Long> errorCounters = Map.of();
    private Target<UdpAddress> target;
    private Object targetFor;

    /**
     * The device's target, built again only when its address or settings change: a v3 target holds the keys
     * localized to the agent's engine (RFC 3414 password-to-key hashes a megabyte per key, about 5 ms per poll).
     */
    Target<UdpAddress> target(Object builtFor, Supplier<Target<UdpAddress>> build) {
        if (target == null || !Objects.equals(targetFor, builtFor)) {
            target = build.get();
            targetFor = builtFor;
        }
        return target;
    }

    /** After a failed poll: the agent may have a new engine ID or new credentials, so start from scratch. */
    void forgetTarget() {
        target = null;
        targetFor = null;
    }

    /**
     * Whether sysUpTime going from the last value to {@code ticks} means the agent restarted. A TimeTicks counter
     * wraps after 2^32 hundredths (about 497 days): a fall that matches the wall time elapsed across the wrap is no
     * reboot.
     */
    boolean rebootedAt(long ticks, Instant now) {
        if (upTimeTicks == null || ticks >= upTimeTicks) {
            return false;
        }
        long elapsedTicks = Math.max(0, (now.toEpochMilli() - upTimeAt.toEpochMilli()) / 10);
        long expected = upTimeTicks + elapsedTicks;
        if (expected < TICKS_WRAP - 6000) {
            return true;
        }
        long wrapped = expected - TICKS_WRAP;
        // Agents update sysUpTime in coarse steps and polls jitter: allow a minute plus 5 % of the interval.
        long tolerance = 6000 + elapsedTicks / 20;
        return Math.abs(ticks - wrapped) > tolerance;
    }

    void upTime(long ticks, Instant at) {
        upTimeTicks = ticks;
        upTimeAt = at;
    }
}
