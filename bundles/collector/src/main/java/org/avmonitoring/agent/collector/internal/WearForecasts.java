package org.avmonitoring.agent.collector.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.monitor.Forecast;
import org.avmonitoring.agent.api.monitor.TrendPoint;

/**
 * Wear forecasts (docs/configuration.md, "Wear forecasts"): a device setting {@code <x>_hours_warning} is paired
 * with the metrics {@code <x>_hours} and {@code <x>_<n>_hours} of its results ({@code lamp_hours_warning} with
 * {@code lamp_1_hours}, {@code lamp_2_hours}; {@code filter_hours_warning} with {@code filter_hours}); the rate is the
 * least-squares slope of the metric's trend points of the last {@link #WINDOW_DAYS} days (at least two points spanning
 * a day), and the date the day the threshold is reached at that rate. No forecast when the rate is not positive.
 */
final class WearForecasts {
    static final int WINDOW_DAYS = 30;
    private static final Pattern THRESHOLD = Pattern.compile("([a-z0-9]+(?:_[a-z0-9]+)*)_hours_warning");
    static final String METRIC_PREFIX = "forecast_";

    private WearForecasts() {
    }

    /** The numeric thresholds among a device's (effective) settings, by key. */
    static Map<String, Double> thresholds(Map<String, Object> settings) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (value instanceof Number n && THRESHOLD.matcher(key).matches()) {
                out.put(key, n.doubleValue());
            }
        });
        return out;
    }

    static List<Forecast> of(Map<String, Double> thresholds, CheckResult latest, TrendStore trends, String deviceId,
                             DriverDescription description, ZoneId zone) {
        if (thresholds.isEmpty()) {
            return List.of();
        }
        List<Forecast> out = new ArrayList<>();
        for (Map.Entry<String, Double> t : thresholds.entrySet()) {
            String base = t.getKey().substring(0, t.getKey().length() - "_warning".length()); // lamp_hours_warning
            latest.metrics().forEach((metric, value) -> {
                if (value instanceof Number v && paired(base, metric)) {
                    Double rate = ratePerDay(trends.points(deviceId, metric), latest.checkedAt());
                    if (rate != null && rate > 0) {
                        out.add(new Forecast(metric, label(description, metric), t.getKey(), t.getValue(),
                                v.doubleValue(), rate, date(v.doubleValue(), t.getValue(), rate, latest.checkedAt(), zone)));
                    }
                }
            });
        }
        out.sort(Comparator.comparing(Forecast::date));
        return out;
    }

    /**
     * Whether {@code metric} is {@code <x>_hours} or {@code <x>_<n>_hours} for {@code base} = {@code <x>_hours}.
     * Plain string tests: this runs for every metric of every result of a device with a threshold.
     */
    static boolean paired(String base, String metric) {
        if (metric.equals(base)) {
            return true;
        }
        int stem = base.length() - "_hours".length();
        int digitsEnd = metric.length() - "_hours".length();
        if (digitsEnd <= stem + 1 || !metric.regionMatches(0, base, 0, stem) || metric.charAt(stem) != '_'
                || !metric.endsWith("_hours")) {
            return false;
        }
        for (int i = stem + 1; i < digitsEnd; i++) {
            char c = metric.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Least-squares slope per day of the points of the last {@link #WINDOW_DAYS} days; null with too little data. */
    static Double ratePerDay(List<TrendPoint> points, Instant now) {
        long from = now.getEpochSecond() - WINDOW_DAYS * 86_400L;
        List<TrendPoint> recent = points.stream().filter(p -> p.epochSecond() >= from).toList();
        if (recent.size() < 2
                || recent.get(recent.size() - 1).epochSecond() - recent.get(0).epochSecond() < 86_400) {
            return null;
        }
        double n = recent.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        long t0 = recent.get(0).epochSecond();
        for (TrendPoint p : recent) {
            double x = (p.epochSecond() - t0) / 86_400.0;
            sx += x;
            sy += p.value();
            sxx += x * x;
            sxy += x * p.value();
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? null : (n * sxy - sx * sy) / denominator;
    }

    static LocalDate date(double value, double threshold, double ratePerDay, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (value >= threshold) {
            return today;
        }
        double days = Math.min((threshold - value) / ratePerDay, 100 * 366); // a far date, not an overflow
        return LocalDate.ofInstant(now.plusSeconds((long) Math.ceil(days * 86_400)), zone);
    }

    private static String label(DriverDescription description, String metric) {
        return description == null ? metric
                : description.metric(metric).map(d -> d.labelFor(metric)).orElse(metric);
    }

    /** Whether the driver marks {@code metric} as a trend metric. */
    static boolean isTrend(DriverDescription description, String metric) {
        return description != null && description.metric(metric).map(MetricDescription::trend).orElse(false);
    }
}
