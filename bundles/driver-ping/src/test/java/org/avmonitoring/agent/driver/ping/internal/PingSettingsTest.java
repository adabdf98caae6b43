package org.avmonitoring.agent.driver.ping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.ValidationProblem;
import org.junit.jupiter.api.Test;

class PingSettingsTest {

    static List<String> problems(Map<String, Object> ping) {
        return PingSettings.validate(new Device("tv-1", null, "ping", "10.0.1.44", null, null, true, null, Map.of("ping", ping)))
                .stream().map(ValidationProblem::toString).toList();
    }

    @Test
    void validSettings() {
        assertEquals(List.of(), problems(Map.of("count", 3, "mode", "icmp")));
        assertEquals(List.of(), problems(Map.of("mode", "tcp", "tcp_port", 80, "timeout_ms", 500, "loss_warning_pct", 30)));
    }

    @Test
    void whatTheDescriptionCannotSayIsValidatedByTheDriver() {
        assertEquals(List.of("ping.tcp_port: is required in tcp mode (e.g. 80, or 4352 for PJLink)"), problems(Map.of("mode", "tcp")));
        assertEquals(List.of("ping.tcp_port: applies to mode tcp only"), problems(Map.of("tcp_port", 80)));
    }

    @Test
    void theDescriptionCarriesTheRanges() {
        var ping = PingDescription.DESCRIPTION.setting("ping");
        assertEquals(List.of("icmp", "tcp"), ping.field("mode").choices().stream().map(c -> c.value()).toList());
        assertEquals(20, ping.field("count").max());
        assertEquals(65_535, ping.field("tcp_port").max());
    }

    @Test
    void lossAboveTheThresholdIsAWarning() {
        PingSettings s = new PingSettings(PingSettings.Mode.ICMP, 3, 0, 1000, 50);
        Instant at = Instant.now();
        CheckResult two = new Echoes(Arrays.asList(1.0, null, null), null).toResult(at, "icmp", "10.0.1.44", s);
        assertEquals(Status.WARNING, two.status());
        assertEquals(67, two.metrics().get("loss_pct"));
        assertEquals("67 % loss (2 of 3), above 50 %", two.error());
        CheckResult one = new Echoes(Arrays.asList(1.0, null, 3.0), null).toResult(at, "icmp", "10.0.1.44", s);
        assertEquals(Status.OK, one.status());
        assertEquals(2.0, one.metrics().get("rtt_avg_ms"));
        CheckResult none = new Echoes(Arrays.asList(null, null, null), null).toResult(at, "icmp", "10.0.1.44", s);
        assertEquals(Status.KO, none.status());
    }
}
