package org.avmonitoring.agent.driver.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DeviceMemoryTest {
    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    @Test
    void aFallIsAReboot() {
        DeviceMemory m = new DeviceMemory();
        assertFalse(m.rebootedAt(500_000, T0), "no previous value");
        m.upTime(500_000, T0);
        assertFalse(m.rebootedAt(506_000, T0.plusSeconds(60)));
        assertTrue(m.rebootedAt(1_200, T0.plusSeconds(60)));
    }

    @Test
    void aWrapOfTheTimeTicksCounterIsNoReboot() {
        DeviceMemory m = new DeviceMemory();
        long nearWrap = DeviceMemory.TICKS_WRAP - 3_000; // 30 s before the 497-day wrap
        m.upTime(nearWrap, T0);
        assertFalse(m.rebootedAt(3_000, T0.plusSeconds(60)), "wrapped 30 s ago: expected value");
        assertTrue(m.rebootedAt(3_000, T0.plusSeconds(3600)), "an hour later the counter should be far beyond 3000");
    }
}
