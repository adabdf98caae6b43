package org.avmonitoring.agent.api.monitor;

import java.time.LocalDate;

/**
 * When a wear metric is predicted to reach its threshold (since 1.1): "lamp 1 reaches 2,800 h around 14 Feb 2027 at
 * 6.2 h/day".
 *
 * @param metric       the metric ({@code lamp_1_hours})
 * @param label        its label from the driver's description ("Lamp 1"), the metric key without one
 * @param thresholdKey the device setting it is compared with ({@code lamp_hours_warning})
 * @param value        the metric's latest value
 * @param ratePerDay   its least-squares rate over the recent history, per day (positive)
 * @param date         the day (site zone) the threshold is reached at that rate; today when already reached
 */
public record Forecast(String metric, String label, String thresholdKey, double threshold, double value,
                       double ratePerDay, LocalDate date) {
}
