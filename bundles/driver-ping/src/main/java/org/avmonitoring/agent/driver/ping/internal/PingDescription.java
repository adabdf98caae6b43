package org.avmonitoring.agent.driver.ping.internal;

import static org.avmonitoring.agent.api.driver.MetricDescription.number;
import static org.avmonitoring.agent.api.driver.MetricDescription.text;
import static org.avmonitoring.agent.api.driver.SettingDescription.integer;
import static org.avmonitoring.agent.api.driver.SettingDescription.section;

import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

/** What the ping driver says of itself: its {@code ping} section and the metrics of {@link Echoes}. */
final class PingDescription {
    private PingDescription() {
    }

    static final DriverDescription DESCRIPTION = DriverDescription.builder("Ping")
            .help("Reachability and round-trip time: ICMP echoes through fping, or timed TCP connects for devices"
                    + " that drop ICMP.")
            .setting(section("ping",
                    SettingDescription.text("mode").label("Mode").choices("icmp", "tcp").defaultValue("icmp")
                            .help("icmp: echo requests; tcp: connects to tcp_port (or the device's port)."),
                    integer("count").label("Echoes per check").range(1, 20).defaultValue(PingSettings.DEFAULT_COUNT),
                    integer("timeout_ms").label("Timeout per echo (ms)").range(50, 30_000)
                            .defaultValue(PingSettings.DEFAULT_TIMEOUT_MS),
                    integer("loss_warning_pct").label("Warning above loss (%)").range(0, 100)
                            .defaultValue(PingSettings.DEFAULT_LOSS_WARNING_PCT),
                    integer("tcp_port").label("TCP port").range(1, 65_535)
                            .help("tcp mode only; the device's port when absent.")).label("Ping"))
            .metric(number("rtt_avg_ms").label("RTT").unit("ms").help("Mean round-trip time of the answered echoes.")
                    .asKeyMetric().asExported())
            .metric(number("loss_pct").label("Loss").unit("%").help("Echoes or connects without an answer.")
                    .asKeyMetric().asExported())
            .metric(number("rtt_min_ms").label("RTT min").unit("ms"))
            .metric(number("rtt_max_ms").label("RTT max").unit("ms"))
            .metric(number("sent").label("Sent"))
            .metric(number("received").label("Received"))
            .metric(text("mode").label("Mode"))
            .metric(text("address").label("Address").help("The IP address the host name resolved to."))
            .metric(number("tcp_port").label("TCP port"))
            .build();
}
