package org.avmonitoring.agent.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.StatusPolicy;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceBookTest {
    private static final Instant T0 = Instant.parse("2027-01-09T20:00:00Z"); // a Saturday, 21:00 in Paris

    private static StatusPolicy site(Object windows) {
        List<ValidationProblem> problems = new ArrayList<>();
        StatusPolicy p = StatusPolicy.parse(Map.of("timezone", "Europe/Paris", "maintenance_windows", windows), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        return p;
    }

    private static final StatusPolicy NONE = site(List.of());

    @Test
    void apiWindowsSurviveARestartAndEnd(@TempDir Path dir) {
        Path file = dir.resolve("maintenance.txt");
        MaintenanceBook book = new MaintenanceBook(file, T0);
        Maintenance m = book.start("proj-101", T0, T0.plusSeconds(3600), "lamp\nreplacement");
        assertEquals("lamp replacement", m.reason());
        MaintenanceBook again = new MaintenanceBook(file, T0.plusSeconds(60));
        assertEquals(m, again.current("proj-101", T0.plusSeconds(60), NONE));
        assertNull(again.current("proj-101", T0.plusSeconds(3600), NONE), "over at until");
        assertNull(new MaintenanceBook(file, T0.plusSeconds(3601)).current("proj-101", T0, NONE),
                "ended windows are not loaded");
        assertTrue(again.end("proj-101", T0.plusSeconds(120)));
        assertFalse(again.end("proj-101", T0.plusSeconds(120)));
        assertNull(new MaintenanceBook(file, T0.plusSeconds(130)).current("proj-101", T0.plusSeconds(130), NONE));
    }

    @Test
    void oneOffSiteWindowAppliesToItsDevicesOnly() {
        StatusPolicy p = site(List.of(Map.of("devices", List.of("proj-101"), "from", "2027-01-09T20:00:00Z",
                "until", "2027-01-09T22:00:00+01:00", "reason", "works")));
        MaintenanceBook book = new MaintenanceBook(null, T0);
        Maintenance m = book.current("proj-101", T0, p);
        assertEquals(new Maintenance(Instant.parse("2027-01-09T21:00:00Z"), "works", Maintenance.SITE), m);
        assertNull(book.current("proj-102", T0, p));
        assertNull(book.current("proj-101", T0.minusSeconds(1), p));
    }

    @Test
    void recurringWindowRunsOverMidnightIntoTheNextDay() {
        StatusPolicy p = site(List.of(Map.of("devices", "*", "days", "sat,sun", "from", "22:00", "to", "06:00")));
        MaintenanceBook book = new MaintenanceBook(null, T0);
        assertNull(book.current("any", T0, p), "Saturday 21:00");
        // Sunday 03:00 Paris (from Saturday 22:00) ends at 06:00 Paris = 05:00Z
        Maintenance night = book.current("any", Instant.parse("2027-01-10T02:00:00Z"), p);
        assertEquals(Instant.parse("2027-01-10T05:00:00Z"), night.until());
        // Monday 03:00 Paris: the Sunday evening window's morning part
        assertTrue(book.current("any", Instant.parse("2027-01-11T02:00:00Z"), p) != null);
        // Tuesday 03:00 Paris: no window started on Monday
        assertNull(book.current("any", Instant.parse("2027-01-12T02:00:00Z"), p));
    }

    @Test
    void theBookIsBounded() {
        MaintenanceBook book = new MaintenanceBook(null, T0);
        for (int i = 0; i < MaintenanceBook.MAX_WINDOWS; i++) {
            book.start("d" + i, T0, T0.plusSeconds(60), "");
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> book.start("one-more", T0, T0.plusSeconds(60), ""));
        book.start("one-more", T0.plusSeconds(60), T0.plusSeconds(120), "");
        assertTrue(book.current("one-more", T0.plusSeconds(61), NONE) != null, "ended windows make room");
    }
}
