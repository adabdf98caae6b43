package org.avmonitoring.agent.driver.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
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

    static Device device(Map<String, Object> snmp) {
        return new Device("sw-1", null, "snmp", "127.0.0.1", 161, null, true, null, Map.of("snmp", snmp));
    }

    @Test
    void settingsAreParsedOncePerDefinition() {
        DeviceMemory m = new DeviceMemory();
        Device d = device(new LinkedHashMap<>(Map.of("version", "2c", "community", "CHANGE-ME")));
        DeviceMemory.Definition first = m.definition(d);
        assertTrue(first.problems().isEmpty());
        assertSame(first, m.definition(d), "the same definition again: nothing parsed");
        DeviceMemory.Definition reapplied = m.definition(device(new LinkedHashMap<>(Map.of("version", "2c", "community", "CHANGE-ME"))));
        assertSame(first.settings(), reapplied.settings(), "an equal section keeps the parsed settings (and the target)");
        DeviceMemory.Definition changed = m.definition(device(Map.of("version", "2c", "community", "OTHER-ONE")));
        assertNotSame(first.settings(), changed.settings());
        assertEquals("OTHER-ONE", changed.settings().community);
        DeviceMemory.Definition invalid = m.definition(device(Map.of("version", "3")));
        assertNull(invalid.settings());
        assertEquals("snmp.user: is required for SNMP v3", invalid.problems().get(0).toString());
    }

    @Test
    void onlyAnIpLiteralIsKeptAsResolved() throws Exception {
        DeviceMemory m = new DeviceMemory();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertNull(m.address("127.0.0.1"));
        m.resolved("localhost", loopback);
        assertNull(m.address("localhost"), "a name is looked up again at every check");
        m.resolved("127.0.0.1", loopback);
        assertSame(loopback, m.address("127.0.0.1"));
        assertNull(m.address("127.0.0.2"), "another host is not this one");
    }
}
