package org.avmonitoring.agent.api.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DriverDescriptionTest {

    private final DriverDescription projector = DriverDescription.builder("Projector")
            .defaultPort(4352)
            .setting(SettingDescription.secret("password").label("Password"))
            .setting(SettingDescription.section("snmp", SettingDescription.text("community")))
            .metric(MetricDescription.number("lamp_{n}_hours").label("Lamp {n}").unit("h").asKeyMetric().asTrend())
            .metric(MetricDescription.text("input").valueLabels("31", "Digital 1"))
            .build();

    @Test
    void indexedMetricKeysMatchTheirInstancesOnly() {
        MetricDescription lamp = projector.metric("lamp_2_hours").orElseThrow();
        assertEquals("Lamp 2", lamp.labelFor("lamp_2_hours"));
        assertTrue(projector.metric("lamp_hours").isEmpty());
        assertTrue(projector.metric("lamp_0_hours").isEmpty(), "indexes start at 1");
        assertTrue(projector.metric("lamp_x_hours").isEmpty());
        assertEquals("Lamp 9999", projector.metric("lamp_9999_hours").orElseThrow().labelFor("lamp_9999_hours"));
        assertTrue(projector.metric("lamp_10000_hours").isEmpty(), "at most four digits");
        assertTrue(projector.metric("lamp_2_hour").isEmpty());
        assertTrue(projector.metric("lamp_2_hoursx").isEmpty());
        assertTrue(projector.metric("xlamp_2_hours").isEmpty());
        assertTrue(projector.metric("lamp__hours").isEmpty());
        assertTrue(projector.metric("lamp_").isEmpty());
        assertEquals("input", projector.metric("input").orElseThrow().labelFor("input"));
    }

    @Test
    void settingsAreFoundByKeyAndSectionsByField() {
        assertTrue(projector.setting("password").secret());
        assertEquals("community", projector.setting("snmp").field("community").key());
        assertNull(projector.setting("pasword"));
        assertNull(projector.setting("snmp").field("comunity"));
    }

    @Test
    void inconsistentDescriptionsAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> MetricDescription.text("model").asExported());
        assertThrows(IllegalArgumentException.class, () -> MetricDescription.bool("on").asTrend());
        assertThrows(IllegalArgumentException.class, () -> MetricDescription.text("x").valueLabels("1"));
        assertThrows(IllegalArgumentException.class, () -> SettingDescription.section("snmp"));
    }

    @Test
    void labelsDefaultToKeysAndDriversNeedNotDescribeThemselves() {
        assertEquals("community", SettingDescription.text("community").label());
        DeviceDriver undescribed = new DeviceDriver() {
            @Override
            public java.util.concurrent.CompletableFuture<org.avmonitoring.agent.api.CheckResult> check(
                    org.avmonitoring.agent.api.Device device, java.time.Duration deadline) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.List<org.avmonitoring.agent.api.ValidationProblem> validate(
                    org.avmonitoring.agent.api.Device device) {
                return java.util.List.of();
            }
        };
        assertNull(undescribed.description());
        undescribed.forget("any");
        assertFalse(projector.discovery());
    }
}
