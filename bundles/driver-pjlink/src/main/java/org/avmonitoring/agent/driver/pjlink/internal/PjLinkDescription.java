package org.avmonitoring.agent.driver.pjlink.internal;

import static org.avmonitoring.agent.api.driver.MetricDescription.bool;
import static org.avmonitoring.agent.api.driver.MetricDescription.list;
import static org.avmonitoring.agent.api.driver.MetricDescription.number;
import static org.avmonitoring.agent.api.driver.MetricDescription.text;
import static org.avmonitoring.agent.api.driver.SettingDescription.integer;
import static org.avmonitoring.agent.api.driver.SettingDescription.secret;

import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;

/**
 * What the PJLink driver says of itself. Its settings are top-level keys of the device (PJLink's own habit, kept for
 * existing config.json files), not a {@code pjlink} section.
 */
final class PjLinkDescription {
    private PjLinkDescription() {
    }

    private static final String[] INPUT_TYPES = {"RGB", "Video", "Digital", "Storage", "Network", "Internal"};

    static final DriverDescription DESCRIPTION = build();

    private static DriverDescription build() {
        DriverDescription.Builder b = DriverDescription.builder("PJLink projector")
                .help("Projectors and displays speaking PJLink class 1 or 2 (JBMIA): power, input, A/V mute, lamp"
                        + " and filter hours, error status, identity.")
                .defaultPort(PjLinkSettings.DEFAULT_PORT)
                .discovery()
                .setting(secret("password").label("PJLink password")
                        .help("Empty when the projector has PJLink authentication off; at most 32 printable ASCII"
                                + " characters."))
                .setting(integer("lamp_hours_warning").label("Lamp hours warning").range(1, 99_999)
                        .help("Warning when a lamp has burnt this many hours."))
                .setting(integer("filter_hours_warning").label("Filter hours warning").range(1, 99_999)
                        .help("Warning when the filter has been used this many hours."))
                .setting(integer("timeout_ms").label("Timeout (ms)").range(100, 60_000)
                        .defaultValue(PjLinkSettings.DEFAULT_TIMEOUT_MS)
                        .help("Per exchange; also sets the collector's deadline for the device."))
                .metric(text("power").label("Power").asKeyMetric()
                        .valueLabels("on", "On", "off", "Standby", "cooling", "Cooling down", "warming", "Warming up"))
                .metric(text("input").label("Input").asKeyMetric().valueLabels(inputLabels()))
                .metric(number("lamp_{n}_hours").label("Lamp {n}").unit("h").asKeyMetric().asExported().asTrend())
                .metric(number("filter_hours").label("Filter").unit("h").asExported().asTrend())
                .metric(bool("lamp_{n}_on").label("Lamp {n} lit"))
                .metric(number("lamp_count").label("Lamps"))
                // read after the label: "A/V mute: off", "A/V mute: video only"
                .metric(text("av_mute").label("A/V mute").valueLabels("11", "video only", "10", "off (video unmuted)",
                        "21", "audio only", "20", "off (audio unmuted)", "31", "video and audio",
                        "30", "off"))
                .metric(bool("video_mute").label("Video mute"))
                .metric(bool("audio_mute").label("Audio mute"))
                .metric(text("input_type").label("Input type"))
                .metric(text("input_name").label("Input name"))
                .metric(text("input_resolution").label("Input resolution"))
                .metric(text("recommended_resolution").label("Recommended resolution"));
        for (String part : PjLinkCodec.ERST_PARTS) {
            b.metric(text("error_" + part).label("Error: " + part)
                    .valueLabels("ok", "OK", "warning", "Warning", "error", "Error"));
        }
        return b.metric(text("name").label("Projector name"))
                .metric(text("manufacturer").label("Manufacturer"))
                .metric(text("product").label("Product"))
                .metric(text("info").label("Other information"))
                .metric(text("serial_number").label("Serial number"))
                .metric(text("software_version").label("Software version"))
                .metric(number("class").label("PJLink class"))
                .metric(number("details_age_s").label("Details age").unit("s")
                        .help("Input, mute, lamps and errors are read every few minutes: how old they are."))
                .metric(list("unavailable").label("Not available").help("Commands the projector did not answer."))
                .metric(text("driver_version").label("Driver version"))
                .build();
    }

    /** PJLink input codes: type digit (1 RGB .. 6 internal) and number (1..9): "31" is "Digital 1". */
    private static String[] inputLabels() {
        List<String> pairs = new ArrayList<>();
        for (int t = 0; t < INPUT_TYPES.length; t++) {
            for (int n = 1; n <= 9; n++) {
                pairs.add("" + (t + 1) + n);
                pairs.add(INPUT_TYPES[t] + " " + n);
            }
        }
        return pairs.toArray(String[]::new);
    }

    /** For the tests: the description of a metric key. */
    static MetricDescription metric(String key) {
        return DESCRIPTION.metric(key).orElseThrow();
    }
}
