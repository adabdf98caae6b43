package org.avmonitoring.agent.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.monitor.CollectorStats;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    /** One sample line parsed back: name, labels (unescaped) and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    /** A strict reader of the 0.0.4 text format: fails on anything it does not recognise. */
    static List<Sample> parse(String text) {
        assertTrue(text.endsWith("\n"), "the format ends with a line feed");
        List<Sample> out = new ArrayList<>();
        Set<String> typed = new HashSet<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                assertTrue(NAME.matcher(parts[0]).matches(), line);
                if (line.startsWith("# TYPE ")) {
                    assertTrue(Set.of("counter", "gauge").contains(parts[1]), line);
                    assertTrue(typed.add(parts[0]), "one TYPE per family: " + line);
                    if (current != null) {
                        finished.add(current);
                    }
                    current = parts[0];
                }
                continue;
            }
            int brace = line.indexOf('{');
            int space = brace < 0 ? line.indexOf(' ') : line.lastIndexOf(' ');
            String name = line.substring(0, brace < 0 ? space : brace);
            assertTrue(NAME.matcher(name).matches(), line);
            assertEquals(current, name, "samples follow their own TYPE line: " + line);
            assertFalse(finished.contains(name), "a family is not interleaved: " + line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                Matcher m = LABEL.matcher(body);
                int pos = 0;
                while (pos < body.length()) {
                    if (!m.find(pos) || m.start() != pos) {
                        fail("bad labels in: " + line);
                    }
                    labels.put(m.group(1), m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                    pos = m.end();
                    if (pos < body.length()) {
                        assertEquals(',', body.charAt(pos), line);
                        pos++;
                    }
                }
            }
            String value = line.substring(space + 1);
            out.add(new Sample(name, labels, "NaN".equals(value) ? Double.NaN : Double.parseDouble(value)));
        }
        return out;
    }

    private static String render(String version, CollectorStats stats, List<DeviceState> states, Set<String> types,
                                 BackendLinkStatus link) throws IOException {
        StringWriter w = new StringWriter();
        PrometheusText.render(w, version, stats, states, types, link, NOW);
        return w.toString();
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + labels)).value();
    }

    @Test
    void rendersAgentAndDeviceGaugesThatParseBack() throws IOException {
        String nasty = "proj \"A\\B\"\nC";
        Device d1 = new Device(nasty, null, "pjlink", "127.0.0.2", null, 60, true, DeviceSource.LOCAL, Map.of());
        Device d2 = new Device("snmp-1", null, "snmp", "127.0.0.3", null, 60, true, DeviceSource.LOCAL, Map.of());
        Device d3 = new Device("never", null, "ping", "127.0.0.4", null, 60, true, DeviceSource.LOCAL, Map.of());
        List<DeviceState> states = List.of(
                new DeviceState(d1, CheckResult.builder(NOW.minusSeconds(30)).latencyMs(25).build(), NOW, 10, 1),
                new DeviceState(d2, CheckResult.ko(NOW.minusSeconds(5), "timeout"), NOW, 4, 4),
                new DeviceState(d3, null, NOW, 0, 0));
        CollectorStats stats = new CollectorStats(3, Map.of(Status.OK, 1, Status.KO, 1, Status.UNKNOWN, 1,
                Status.WARNING, 0), 14, 5, 2, 12.5, 20);
        BackendLinkStatus link = new BackendLinkStatus(BackendLinkStatus.State.DISCONNECTED, NOW.minusSeconds(120),
                NOW, "connect refused", 3, 4096, 0);

        List<Sample> s = parse(render("1.2.3", stats, states, Set.of("ping", "snmp"), link));

        assertEquals(1, value(s, "avmonitoring_agent_info", Map.of("version", "1.2.3")));
        assertEquals(3, value(s, "avmonitoring_devices_monitored", Map.of()));
        assertEquals(1, value(s, "avmonitoring_driver_present", Map.of("type", "snmp")));
        assertEquals(1, value(s, "avmonitoring_devices", Map.of("status", "ko")));
        assertEquals(0, value(s, "avmonitoring_devices", Map.of("status", "warning")));
        assertEquals(14, value(s, "avmonitoring_checks_total", Map.of()));
        assertEquals(5, value(s, "avmonitoring_checks_failed_total", Map.of()));
        assertEquals(2, value(s, "avmonitoring_checks_in_flight", Map.of()));
        assertEquals(0.0125, value(s, "avmonitoring_collection_duration_seconds", Map.of("stat", "last")), 1e-9);
        assertEquals(0, value(s, "avmonitoring_backend_up", Map.of()));
        assertEquals(1, value(s, "avmonitoring_backend_state", Map.of("state", "disconnected")));
        assertEquals(0, value(s, "avmonitoring_backend_state", Map.of("state", "connected")));
        assertEquals(120, value(s, "avmonitoring_backend_last_success_age_seconds", Map.of()));
        assertEquals(3, value(s, "avmonitoring_backend_batches_buffered", Map.of()));

        Map<String, String> l1 = Map.of("id", nasty, "type", "pjlink");
        assertEquals(0, value(s, "avmonitoring_device_status", l1), "label with quote, backslash and newline round-trips");
        assertEquals(0.025, value(s, "avmonitoring_device_latency_seconds", l1), 1e-9);
        assertEquals(30, value(s, "avmonitoring_device_last_check_age_seconds", l1));
        assertEquals(10, value(s, "avmonitoring_device_checks_total", l1));
        assertEquals(1, value(s, "avmonitoring_device_failures_total", l1));
        Map<String, String> l2 = Map.of("id", "snmp-1", "type", "snmp");
        assertEquals(2, value(s, "avmonitoring_device_status", l2));
        assertTrue(s.stream().noneMatch(x -> x.name().equals("avmonitoring_device_latency_seconds")
                && x.labels().equals(l2)), "no latency sample without an answer");
        assertEquals(3, value(s, "avmonitoring_device_status", Map.of("id", "never", "type", "ping")));
    }

    @Test
    void withoutReporterOnlyThePresenceGaugeIsShown() throws IOException {
        CollectorStats stats = new CollectorStats(0, Map.of(), 0, 0, 0, 0, 0);
        List<Sample> s = parse(render("", stats, List.of(), Set.of(), null));
        assertEquals(0, value(s, "avmonitoring_backend_link_present", Map.of()));
        assertTrue(s.stream().noneMatch(x -> x.name().startsWith("avmonitoring_backend_up")));
        assertEquals(0, value(s, "avmonitoring_devices", Map.of("status", "ok")));
    }

    @Test
    void numbersUseTheFormatsSpelling() {
        assertEquals("42", PrometheusText.number(42));
        assertEquals("0.5", PrometheusText.number(0.5));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void exportsTheNumbersADriverDeclaresExportedWithinACap() throws IOException {
        DriverDescription pj = DriverDescription.builder("PJLink")
                .metric(MetricDescription.number("lamp_{n}_hours").asExported())
                .metric(MetricDescription.number("lamp_count"))
                .metric(MetricDescription.text("power"))
                .build();
        Device p = new Device("proj-1", null, "pjlink", "127.0.0.2", null, 60, true, DeviceSource.LOCAL, Map.of());
        Device q = new Device("ping-1", null, "ping", "127.0.0.3", null, 60, true, DeviceSource.LOCAL, Map.of());
        CheckResult r = CheckResult.builder(NOW).metric("lamp_1_hours", 1200).metric("lamp_2_hours", 30.5)
                .metric("lamp_count", 2).metric("power", "on").build();
        List<DeviceState> states = List.of(new DeviceState(p, r, NOW, 1, 0),
                new DeviceState(q, CheckResult.builder(NOW).metric("rtt_avg_ms", 1).build(), NOW, 1, 0));
        CollectorStats stats = new CollectorStats(2, Map.of(), 2, 0, 0, 0, 0);
        StringWriter w = new StringWriter();
        PrometheusText.render(w, "", stats, states, Set.of("pjlink"), null, NOW, type -> type.equals("pjlink") ? pj : null);
        List<Sample> s = parse(w.toString());
        List<Sample> exported = s.stream().filter(x -> x.name().equals(PrometheusText.DEVICE_METRIC)).toList();
        assertEquals(2, exported.size(), "declared exported numbers only; none for a type without description");
        assertEquals(30.5, value(s, PrometheusText.DEVICE_METRIC,
                Map.of("id", "proj-1", "type", "pjlink", "metric", "lamp_2_hours")));
        assertEquals(0, value(s, "avmonitoring_device_metric_series_dropped", Map.of()));

        List<DeviceState> many = new ArrayList<>();
        for (int i = 0; i < PrometheusText.MAX_DEVICE_METRIC_SERIES / 2 + 5; i++) {
            Device d = new Device("p" + i, null, "pjlink", "127.0.0.2", null, 60, true, DeviceSource.LOCAL, Map.of());
            many.add(new DeviceState(d, r, NOW, 1, 0));
        }
        w = new StringWriter();
        PrometheusText.render(w, "", stats, many, Set.of("pjlink"), null, NOW, type -> pj);
        s = parse(w.toString());
        assertEquals(PrometheusText.MAX_DEVICE_METRIC_SERIES,
                s.stream().filter(x -> x.name().equals(PrometheusText.DEVICE_METRIC)).count());
        assertEquals(10, value(s, "avmonitoring_device_metric_series_dropped", Map.of()));
    }
}
