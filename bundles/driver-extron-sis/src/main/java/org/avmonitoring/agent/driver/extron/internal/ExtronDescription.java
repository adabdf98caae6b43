package org.avmonitoring.agent.driver.extron.internal;

import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

/** What the Extron SIS driver says of itself: its settings and metrics, for forms, validation and /metrics. */
final class ExtronDescription {
    static final DriverDescription DESCRIPTION = DriverDescription.builder("Extron switcher / scaler (SIS)")
            .help("Extron products over SIS on TCP 23: model, firmware, part number, information and, where the"
                    + " product documents them, internal temperature and input signal presence.")
            .defaultPort(ExtronSettings.DEFAULT_PORT)
            .setting(SettingDescription.secret("password").label("Password")
                    .help("The administrator or user password, when the device has one (it then prompts Password:)."))
            .setting(SettingDescription.integer("temperature_warning_c").label("Temperature warning").range(1, 150)
                    .help("Warn above this internal temperature, in °C, on products that report one."))
            .setting(SettingDescription.integer("timeout_ms").label("Timeout").defaultValue(ExtronSettings.DEFAULT_TIMEOUT_MS)
                    .range(100, 60000).help("How long the device may stay silent while an answer is due, in milliseconds."))
            .metric(MetricDescription.text("model").label("Model").asKeyMetric())
            .metric(MetricDescription.text("firmware_version").label("Firmware").asKeyMetric())
            .metric(MetricDescription.text("part_number").label("Part number"))
            .metric(MetricDescription.text("information").label("Information")
                    .help("The reply to the I query: its content varies per product."))
            .metric(MetricDescription.text("login").label("Logged in as"))
            .metric(MetricDescription.number("temperature_c").label("Temperature").unit("°C").asExported().asTrend())
            .metric(MetricDescription.number("inputs_with_signal").label("Inputs with signal").asExported())
            .metric(MetricDescription.bool("input_{n}_signal").label("Input {n} signal"))
            .metric(MetricDescription.text("unsupported_queries").label("Queries not supported")
                    .help("Queries the product answered E10/E13...: not supported here, not a fault."))
            .metric(MetricDescription.text("unreadable_replies").label("Unreadable replies"))
            .build();

    private ExtronDescription() {
    }
}
