package org.avmonitoring.agent.driver.cisco.internal;

import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

/** What the Cisco xAPI driver says of itself: its settings and metrics, for forms, validation and /metrics. */
final class CodecDescription {
    static final DriverDescription DESCRIPTION = DriverDescription.builder("Cisco RoomOS codec (xAPI)")
            .help("Cisco Room, Board and Desk devices (RoomOS / CE) over the xAPI's HTTPS interface: product,"
                    + " software, standby, calls, diagnostics messages and connected peripherals.")
            .defaultPort(443)
            .setting(SettingDescription.text("username").label("Username").defaultValue(CodecSettings.DEFAULT_USERNAME)
                    .help("A codec user; the read-only roles suffice for status."))
            .setting(SettingDescription.secret("password").label("Password"))
            .setting(SettingDescription.text("scheme").label("Scheme").defaultValue("https").choices("https", "http")
                    .help("http only where the codec's HTTP mode allows it: the password then crosses the network in clear."))
            .setting(SettingDescription.text("tls_fingerprint_sha256").label("Pinned certificate (SHA-256)")
                    .help("Trust exactly this certificate (the codec's self-signed one): its SHA-256 fingerprint,"
                            + " 64 hex digits, colons allowed."))
            .setting(SettingDescription.text("ca_file").label("CA file")
                    .help("A PEM file of the CAs that signed the codec's certificate; the host name must match it."))
            .setting(SettingDescription.integer("timeout_ms").label("Timeout").defaultValue(CodecSettings.DEFAULT_TIMEOUT_MS)
                    .range(100, 60000).help("Per HTTP request, in milliseconds."))
            .metric(MetricDescription.text("product").label("Product").asKeyMetric())
            .metric(MetricDescription.text("software_version").label("Software").asKeyMetric())
            .metric(MetricDescription.text("serial_number").label("Serial number"))
            .metric(MetricDescription.number("uptime_s").label("Uptime").unit("s").asExported())
            .metric(MetricDescription.text("standby").label("Standby").asKeyMetric()
                    .valueLabels("Off", "Awake", "Halfwake", "Half awake", "EnteringStandby", "Entering standby",
                            "Standby", "Standby"))
            .metric(MetricDescription.number("active_calls").label("Active calls").asExported())
            .metric(MetricDescription.number("diagnostics_errors").label("Diagnostics errors").asExported())
            .metric(MetricDescription.number("diagnostics_warnings").label("Diagnostics warnings").asExported())
            .metric(MetricDescription.text("diagnostics").label("Diagnostics")
                    .help("The error and warning messages, at most " + StatusSections.MAX_LISTED + "."))
            .metric(MetricDescription.number("peripherals_connected").label("Peripherals connected").asExported())
            .metric(MetricDescription.number("peripherals_lost").label("Peripherals lost").asExported())
            .metric(MetricDescription.text("peripherals_lost_names").label("Lost peripherals"))
            .build();

    private CodecDescription() {
    }
}
