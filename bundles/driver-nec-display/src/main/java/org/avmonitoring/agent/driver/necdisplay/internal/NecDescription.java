package org.avmonitoring.agent.driver.necdisplay.internal;

import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

/** What the NEC display driver reads and reports, for the UI, validation and {@code GET /api/drivers}. */
final class NecDescription {

    static final DriverDescription DESCRIPTION = DriverDescription.builder("NEC / Sharp NEC display")
            .help("NEC and Sharp NEC large-format displays over External Control (TCP 7142): power, self-diagnosis"
                    + " (power supply, fans, backlight, temperature, no signal), input, volume, mute, serial number"
                    + " and model.")
            .defaultPort(NecSettings.DEFAULT_PORT)
            .setting(SettingDescription.integer("monitor_id").label("Monitor ID")
                    .help("The Monitor ID set in the display's menu (1-100); 0 addresses ALL, only for a display"
                            + " alone on its connection.")
                    .defaultValue(NecSettings.DEFAULT_MONITOR_ID).range(0, NecSettings.MAX_MONITOR_ID))
            .setting(SettingDescription.integer("timeout_ms").label("Reply timeout (ms)")
                    .help("How long to wait for the connection and for each reply.")
                    .defaultValue(NecSettings.DEFAULT_TIMEOUT_MS).range(100, 60000))
            .metric(MetricDescription.text("power").label("Power").asKeyMetric()
                    .valueLabels("on", "On", "standby", "Standby", "suspend", "Suspend", "off", "Off"))
            .metric(MetricDescription.text("self_diagnosis").label("Self-diagnosis").asKeyMetric()
                    .help("Status codes of the display's self-test, comma-separated; 00 is normal.")
                    .valueLabels(Diagnosis.valueLabels()))
            .metric(MetricDescription.text("input").label("Input").help("Input code (VCP 60h).")
                    .valueLabels("01", "VGA", "03", "DVI", "0F", "DisplayPort 1", "10", "DisplayPort 2",
                            "11", "HDMI 1", "12", "HDMI 2"))
            .metric(MetricDescription.number("volume").label("Volume"))
            .metric(MetricDescription.bool("mute").label("Mute"))
            .metric(MetricDescription.text("serial_number").label("Serial number"))
            .metric(MetricDescription.text("model_name").label("Model"))
            .build();

    private NecDescription() {
    }
}
