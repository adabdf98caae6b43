package org.avmonitoring.agent.collector.internal;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import java.util.function.Function;

import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.monitor.CollectorStats;
import org.avmonitoring.agent.api.monitor.DeviceState;

/**
 * The Prometheus text exposition format 0.0.4 of the agent's metrics. Each family is written whole (HELP, TYPE,
 * samples) because the format forbids interleaving; label values are escaped as the format requires.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Writer out;

    private PrometheusText(Writer out) {
        this.out = out;
    }

    /**
     * Writes everything {@code GET /metrics} serves to {@code out}, as it goes: at 10,000 devices the text is about
     * 6 MB, which the agent's small heap should not hold at once. {@code link} is null when no reporter runs.
     */
    static void render(Writer out, String agentVersion, CollectorStats stats, List<DeviceState> states,
                       Set<String> driverTypes, BackendLinkStatus link, Instant now) throws IOException {
        render(out, agentVersion, stats, states, driverTypes, link, now, type -> null);
    }

    /**
     * Also exports, as {@value #DEVICE_METRIC}, the numbers each device's driver declares {@code exported} in
     * {@code descriptions} (by device type; null for a type without a description).
     */
    static void render(Writer out, String agentVersion, CollectorStats stats, List<DeviceState> states,
                       Set<String> driverTypes, BackendLinkStatus link, Instant now,
                       Function<String, DriverDescription> descriptions) throws IOException {
        PrometheusText t = new PrometheusText(out);
        t.family("avmonitoring_agent_info", "gauge", "Agent version, as a label.");
        t.sample("avmonitoring_agent_info", 1, "version", agentVersion);
        t.family("avmonitoring_driver_present", "gauge", "1 for each device type whose driver is installed now.");
        for (String type : driverTypes) {
            t.sample("avmonitoring_driver_present", 1, "type", type);
        }
        t.single("avmonitoring_devices_monitored", "gauge", "Enabled devices being polled.", stats.devicesMonitored());
        t.family("avmonitoring_devices", "gauge", "Enabled devices in each status now.");
        for (Status s : Status.values()) {
            t.sample("avmonitoring_devices", stats.devicesByStatus().getOrDefault(s, 0), "status", s.wireName());
        }
        t.single("avmonitoring_checks_total", "counter", "Checks completed since the agent started.", stats.checksTotal());
        t.single("avmonitoring_checks_failed_total", "counter", "Checks whose result was ko, since the agent started.",
                stats.checksFailed());
        t.single("avmonitoring_checks_in_flight", "gauge", "Checks started and not yet finished.", stats.checksInFlight());
        t.family("avmonitoring_collection_duration_seconds", "gauge",
                "Duration of checks: the most recent (stat=last) and a moving mean of recent ones (stat=average).");
        t.sample("avmonitoring_collection_duration_seconds", stats.lastCollectionMs() / 1000, "stat", "last");
        t.sample("avmonitoring_collection_duration_seconds", stats.averageCollectionMs() / 1000, "stat", "average");

        t.single("avmonitoring_backend_link_present", "gauge", "1 when the reporter runs and reports its link state.",
                link == null ? 0 : 1);
        if (link != null) {
            t.single("avmonitoring_backend_up", "gauge", "1 when the last send to the backend succeeded.",
                    link.state() == BackendLinkStatus.State.CONNECTED ? 1 : 0);
            t.family("avmonitoring_backend_state", "gauge", "The backend link state, one-hot.");
            for (BackendLinkStatus.State s : BackendLinkStatus.State.values()) {
                t.sample("avmonitoring_backend_state", s == link.state() ? 1 : 0, "state", s.name().toLowerCase(Locale.ROOT));
            }
            if (link.lastSuccess() != null) {
                t.single("avmonitoring_backend_last_success_age_seconds", "gauge", "Time since the last accepted send.",
                        seconds(link.lastSuccess(), now));
            }
            t.single("avmonitoring_backend_batches_buffered", "gauge", "Batches on disk waiting to be sent.",
                    link.batchesBuffered());
            t.single("avmonitoring_backend_bytes_buffered", "gauge", "Size on disk of the batches waiting.",
                    link.bytesBuffered());
            t.single("avmonitoring_backend_batches_dropped_total", "counter",
                    "Batches dropped because the outbox was full.", link.batchesDropped());
        }

        t.perDevice("avmonitoring_device_status", "gauge",
                "Device status: 0 ok, 1 warning, 2 ko, 3 unknown (never checked, no driver, or driver fault).", states,
                d -> (double) statusCode(d.status()));
        t.perDevice("avmonitoring_device_enabled", "gauge", "1 when the device is polled, 0 when disabled in config.json.",
                states, d -> d.device().enabled() ? 1.0 : 0.0);
        t.perDevice("avmonitoring_device_latency_seconds", "gauge", "Round-trip time of the last check that got an answer.",
                states, d -> d.latest() == null || d.latest().latencyMs() == null ? null : d.latest().latencyMs() / 1000);
        t.perDevice("avmonitoring_device_last_check_age_seconds", "gauge",
                "Time since the last check of the device started.", states,
                d -> d.latest() == null ? null : seconds(d.latest().checkedAt(), now));
        t.perDevice("avmonitoring_device_checks_total", "counter", "Checks of the device since the agent started.",
                states, d -> (double) d.checks());
        t.perDevice("avmonitoring_device_failures_total", "counter", "Checks of the device whose result was ko.",
                states, d -> (double) d.failures());
        t.deviceMetrics(states, descriptions);
    }

    static final String DEVICE_METRIC = "avmonitoring_device_metric";
    /**
     * At most this many {@value #DEVICE_METRIC} series: a Prometheus server copes with a few tens of thousands per
     * target, and a driver's {@code {n}} metrics (lamps, interfaces) must not multiply them without bound.
     */
    static final int MAX_DEVICE_METRIC_SERIES = 20_000;

    /** The last value of every metric a driver declares exported, one family; past the cap, the rest are counted. */
    private void deviceMetrics(List<DeviceState> states, Function<String, DriverDescription> descriptions)
            throws IOException {
        family(DEVICE_METRIC, "gauge", "A number a driver exports from its last result (labels: device id, type and"
                + " metric key, e.g. lamp_1_hours; the unit is in the driver's description).");
        Map<String, DriverDescription> byType = new HashMap<>();
        int written = 0;
        int dropped = 0;
        for (DeviceState d : states) {
            DriverDescription description = byType.computeIfAbsent(d.device().type(), descriptions);
            if (description == null || d.latest() == null) {
                continue;
            }
            for (Map.Entry<String, Object> m : d.latest().metrics().entrySet()) {
                if (!(m.getValue() instanceof Number n) || !description.metric(m.getKey())
                        .map(MetricDescription::exported).orElse(false)) {
                    continue;
                }
                if (written < MAX_DEVICE_METRIC_SERIES) {
                    sample(DEVICE_METRIC, n.doubleValue(), "id", d.device().id(), "type", d.device().type(),
                            "metric", m.getKey());
                    written++;
                } else {
                    dropped++;
                }
            }
        }
        single("avmonitoring_device_metric_series_dropped", "gauge", "Series of " + DEVICE_METRIC + " left out"
                + " because of the cap of " + MAX_DEVICE_METRIC_SERIES + ".", dropped);
    }

    /** A family of one unlabelled sample. */
    private void single(String name, String type, String help, double value) throws IOException {
        family(name, type, help);
        sample(name, value);
    }

    /** A family with one sample per device (labels id and type); {@code value} null leaves a device out. */
    private void perDevice(String name, String type, String help, List<DeviceState> states,
                           Function<DeviceState, Double> value) throws IOException {
        family(name, type, help);
        for (DeviceState d : states) {
            Double v = value.apply(d);
            if (v != null) {
                sample(name, v, "id", d.device().id(), "type", d.device().type());
            }
        }
    }

    static int statusCode(Status s) {
        switch (s) {
            case OK: return 0;
            case WARNING: return 1;
            case KO: return 2;
            default: return 3;
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
    }

    private void family(String name, String type, String help) throws IOException {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** {@code labels} alternate names and values. */
    private void sample(String name, double value, String... labels) throws IOException {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"");
                escape(labels[i + 1] == null ? "" : labels[i + 1], true);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Backslash and newline in HELP text; also the double quote in label values. */
    private void escape(String s, boolean labelValue) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' && labelValue) {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
    }
}
