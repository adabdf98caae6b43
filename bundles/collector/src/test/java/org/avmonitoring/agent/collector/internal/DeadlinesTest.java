package org.avmonitoring.agent.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private static Device device(String type, int intervalS, Map<String, Object> settings) {
        return new Device("d", null, type, "127.0.0.2", null, intervalS, true, DeviceSource.LOCAL, settings);
    }

    @Test
    void defaultWhenTheDeviceSetsNoTimeout() {
        Deadlines d = Deadlines.forDevice(device("ping", 60, Map.of()), 5000);
        assertEquals(5000, d.driverMs());
        assertEquals(500, d.graceMs());
        assertEquals(5500, d.enforcedMs());
    }

    @Test
    void topLevelTimeoutAsPjLinkSetsIt() {
        assertEquals(2500, Deadlines.forDevice(device("pjlink", 60, Map.of("timeout_ms", 2000)), 5000).driverMs());
    }

    @Test
    void sectionTimeoutTimesTriesAsSnmpSetsIt() {
        Device snmp = device("snmp", 60, Map.of("snmp", Map.of("timeout_ms", 1500, "retries", 1)));
        assertEquals(3500, Deadlines.forDevice(snmp, 5000).driverMs());
    }

    @Test
    void neverBeyondNinetyPercentOfTheInterval() {
        Deadlines d = Deadlines.forDevice(device("snmp", 2, Map.of("timeout_ms", 30_000)), 5000);
        assertEquals(1800, d.driverMs());
        assertEquals(1980, d.enforcedMs());
    }
}
