package org.avmonitoring.agent.collector.internal;

import java.util.Map;

import org.avmonitoring.agent.api.Device;

/**
 * How long one check may take. The driver is given {@code driverMs}: its device's own {@code timeout_ms} times
 * ({@code retries} + 1) plus 500 ms for connect and parsing, where the device sets them (top level, as PJLink does,
 * or in the section named after its type, as SNMP does), else the collector's default; never more than 90 % of the
 * interval. The collector gives up itself {@code graceMs} later (a tenth, at most 1 s), so a driver that honours its
 * deadline always reports its own, more precise, error first, and a check always ends before the device's next one.
 *
 * @param driverMs the deadline passed to {@code DeviceDriver.check}
 * @param graceMs  extra time before the collector enforces it
 */
record Deadlines(long driverMs, long graceMs) {

    static final long MIN_MS = 100;

    long enforcedMs() {
        return driverMs + graceMs;
    }

    static Deadlines forDevice(Device effective, long defaultMs) {
        long intervalMs = intervalMs(effective);
        Map<String, Object> section = effective.section(effective.type());
        Long timeout = positive(effective.settings().get("timeout_ms"), section.get("timeout_ms"));
        Long retries = positive(effective.settings().get("retries"), section.get("retries"));
        long wanted = timeout == null ? defaultMs : timeout * (1 + (retries == null ? 0 : retries)) + 500;
        long driverMs = Math.max(MIN_MS, Math.min(wanted, intervalMs * 9 / 10));
        return new Deadlines(driverMs, Math.min(1000, driverMs / 10));
    }

    static long intervalMs(Device effective) {
        Integer s = effective.intervalS();
        return Math.max(1, s == null ? 60 : s) * 1000L;
    }

    /** The first of the values that is a non-negative whole number, or null. */
    private static Long positive(Object... values) {
        for (Object v : values) {
            if (v instanceof Number n && n.longValue() >= 0) {
                return n.longValue();
            }
        }
        return null;
    }
}
