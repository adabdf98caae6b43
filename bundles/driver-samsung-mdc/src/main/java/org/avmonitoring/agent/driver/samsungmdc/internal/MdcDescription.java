package org.avmonitoring.agent.driver.samsungmdc.internal;

import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

/** What the Samsung MDC driver reads and reports, for the UI, validation and {@code GET /api/drivers}. */
final class MdcDescription {

    static final DriverDescription DESCRIPTION = DriverDescription.builder("Samsung display (MDC)")
            .help("Samsung signage and commercial displays over MDC (TCP 1515): power, input, volume, lamp,"
                    + " temperature and fan errors, no signal, temperature, serial number, model and software.")
            .defaultPort(MdcSettings.DEFAULT_PORT)
            .setting(SettingDescription.integer("display_id").label("Display ID")
                    .help("The ID set in the display's menu (System, ID setting); the display answers only its own.")
                    .defaultValue(MdcSettings.DEFAULT_DISPLAY_ID).range(0, MdcSettings.MAX_DISPLAY_ID))
            .setting(SettingDescription.integer("timeout_ms").label("Reply timeout (ms)")
                    .help("How long to wait for the connection and for each reply.")
                    .defaultValue(MdcSettings.DEFAULT_TIMEOUT_MS).range(100, 60000))
            .setting(SettingDescription.integer("temperature_warning_c").label("Temperature warning (°C)")
                    .help("Warn when the display's temperature is above this; none when empty.").range(1, 150))
            .metric(MetricDescription.text("power").label("Power").asKeyMetric()
                    .valueLabels("on", "On", "standby", "Standby", "rebooting", "Rebooting"))
            .metric(MetricDescription.text("input").label("Input").help("MDC input source code.")
                    .valueLabels("14", "PC", "18", "DVI", "1F", "DVI video", "20", "MagicInfo", "21", "HDMI 1",
                            "22", "HDMI 1 (PC)", "23", "HDMI 2", "24", "HDMI 2 (PC)", "25", "DisplayPort 1",
                            "26", "DisplayPort 2", "27", "DisplayPort 3", "31", "HDMI 3", "32", "HDMI 3 (PC)",
                            "33", "HDMI 4", "34", "HDMI 4 (PC)", "55", "HDBaseT", "60", "MagicInfo S",
                            "61", "Screen mirroring", "62", "Internal USB", "63", "URL launcher"))
            .metric(MetricDescription.number("volume").label("Volume").unit("%"))
            .metric(MetricDescription.bool("mute").label("Mute"))
            .metric(MetricDescription.bool("no_signal").label("No signal")
                    .help("No sync on the selected input (a warning only when the display is on)."))
            .metric(MetricDescription.number("temperature_c").label("Temperature").unit("°C").asKeyMetric()
                    .asExported().asTrend())
            .metric(MetricDescription.bool("lamp_error").label("Lamp (backlight) error"))
            .metric(MetricDescription.bool("temperature_error").label("Temperature error"))
            .metric(MetricDescription.text("fan").label("Fan").valueLabels("normal", "Normal", "error", "Error"))
            .metric(MetricDescription.text("brightness_sensor").label("Brightness sensor")
                    .valueLabels("normal", "Normal", "error", "Error"))
            .metric(MetricDescription.text("serial_number").label("Serial number"))
            .metric(MetricDescription.text("model_name").label("Model"))
            .metric(MetricDescription.text("software_version").label("Software version"))
            .build();

    private MdcDescription() {
    }
}
