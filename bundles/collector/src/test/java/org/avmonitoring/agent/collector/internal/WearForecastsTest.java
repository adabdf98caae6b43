package org.avmonitoring.agent.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.monitor.Forecast;
import org.avmonitoring.agent.api.monitor.TrendPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WearForecastsTest {
    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final DriverDescription PJLINK = DriverDescription.builder("PJLink")
            .metric(MetricDescription.number("lamp_{n}_hours").label("Lamp {n}").unit("h").asTrend())
            .metric(MetricDescription.number("filter_hours").label("Filter").unit("h").asTrend())
            .build();

    @Test
    void rateIsTheLeastSquaresSlopeOfTheLastDaysAndNeedsADaysSpan() {
        assertNull(WearForecasts.ratePerDay(List.of(new TrendPoint(0, 1), new TrendPoint(3600, 2)),
                Instant.ofEpochSecond(3600)), "less than a day");
        List<TrendPoint> points = List.of(new TrendPoint(0, 100), new TrendPoint(86_400, 106),
                new TrendPoint(2 * 86_400, 112.4));
        assertEquals(6.2, WearForecasts.ratePerDay(points, Instant.ofEpochSecond(2 * 86_400)), 1e-9);
        List<TrendPoint> old = List.of(new TrendPoint(0, 0), new TrendPoint(86_400, 1000),
                new TrendPoint(40 * 86_400L, 1000), new TrendPoint(41 * 86_400L, 1006));
        assertEquals(6.0, WearForecasts.ratePerDay(old, Instant.ofEpochSecond(41 * 86_400L)), 1e-9,
                "points older than the window are left out");
    }

    @Test
    void thresholdsPairWithNumberedAndPlainMetricsAndGiveADate() {
        TrendStore trends = new TrendStore();
        for (int day = 0; day <= 10; day++) {
            long at = T0.getEpochSecond() + day * 86_400L;
            trends.add("p", "lamp_1_hours", at, 1000 + 6.2 * day);
            trends.add("p", "filter_hours", at, 500 + 10 * day);
            trends.add("p", "lamp_2_hours", at, 50); // not worn: no forecast
        }
        Instant now = T0.plusSeconds(10 * 86_400L);
        CheckResult latest = CheckResult.builder(now).metric("lamp_1_hours", 1062).metric("lamp_2_hours", 50)
                .metric("filter_hours", 600).metric("lamp_hours_total", 5).build();
        Map<String, Double> thresholds = WearForecasts.thresholds(Map.of("lamp_hours_warning", 2800,
                "filter_hours_warning", 700, "password", "x", "timeout_ms", 3000));
        assertEquals(Map.of("lamp_hours_warning", 2800.0, "filter_hours_warning", 700.0), thresholds);
        List<Forecast> f = WearForecasts.of(thresholds, latest, trends, "p", PJLINK, UTC);
        assertEquals(2, f.size(), f.toString());
        assertEquals(new Forecast("filter_hours", "Filter", "filter_hours_warning", 700, 600, 10.0,
                LocalDate.parse("2027-01-21")), round(f.get(0)));
        Forecast lamp = round(f.get(1));
        assertEquals("Lamp 1", lamp.label());
        assertEquals("lamp_hours_warning", lamp.thresholdKey());
        assertEquals(6.2, lamp.ratePerDay(), 1e-3);
        // (2800 - 1062) / 6.2 = 280.3 days after 11 Jan 2027 00:00: 18 Oct, 07:40
        assertEquals(LocalDate.parse("2027-10-18"), lamp.date());
    }

    private static Forecast round(Forecast f) {
        return new Forecast(f.metric(), f.label(), f.thresholdKey(), f.threshold(), f.value(),
                Math.round(f.ratePerDay() * 1000) / 1000.0, f.date());
    }

    @Test
    void aThresholdPairsWithItsOwnMetricsOnly() {
        assertTrue(WearForecasts.paired("lamp_hours", "lamp_hours"));
        assertTrue(WearForecasts.paired("lamp_hours", "lamp_2_hours"));
        assertTrue(WearForecasts.paired("lamp_hours", "lamp_12_hours"));
        assertFalse(WearForecasts.paired("lamp_hours", "lamp__hours"));
        assertFalse(WearForecasts.paired("lamp_hours", "lamp_x_hours"));
        assertFalse(WearForecasts.paired("lamp_hours", "lamp_2_hours_total"));
        assertFalse(WearForecasts.paired("lamp_hours", "filter_hours"));
        assertFalse(WearForecasts.paired("lamp_hours", "lamps_2_hours"));
        assertFalse(WearForecasts.paired("lamp_hours", "_hours"));
        assertTrue(WearForecasts.paired("laser_light_hours", "laser_light_1_hours"));
    }

    @Test
    void aReachedThresholdIsDueToday() {
        assertEquals(LocalDate.parse("2027-01-01"), WearForecasts.date(3000, 2800, 5, T0, UTC));
    }

    @Test
    void theStoreKeepsOnePointPerStepBoundedAndSurvivesARestart(@TempDir Path dir) {
        TrendStore store = new TrendStore();
        long start = T0.getEpochSecond();
        for (int i = 0; i < TrendStore.MAX_POINTS + 50; i++) {
            store.add("d", "temp", start + (long) i * TrendStore.STEP_S, i);
            store.add("d", "temp", start + (long) i * TrendStore.STEP_S + 60, i + 0.5); // same step: replaces
        }
        List<TrendPoint> points = store.points("d", "temp");
        assertEquals(TrendStore.MAX_POINTS, points.size());
        assertTrue(TrendStore.MAX_POINTS * (long) TrendStore.STEP_S >= 90 * 86_400L, "at least 90 days");
        assertEquals(50.5, points.get(0).value(), "oldest dropped first, the last value of a step kept");
        Path file = dir.resolve("trends.bin");
        store.save(file);
        assertEquals(points, TrendStore.load(file).points("d", "temp"));
        store.retain(java.util.Set.of("other"));
        assertEquals(List.of(), store.points("d", "temp"));
    }

    @Test
    void theNumberOfSeriesIsBounded() {
        TrendStore store = new TrendStore();
        for (int i = 0; i <= TrendStore.MAX_SERIES; i++) {
            store.add("d" + i, "temp", T0.getEpochSecond(), 1);
        }
        assertEquals(1, store.points("d0", "temp").size());
        assertEquals(List.of(), store.points("d" + TrendStore.MAX_SERIES, "temp"));
    }
}
