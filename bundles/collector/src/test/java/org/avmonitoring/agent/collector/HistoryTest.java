package org.avmonitoring.agent.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.HistoryPoint;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static final long T = 1_800_000_000L;

    @Test
    void ringKeepsTheNewestPointsWithinItsCapacity() {
        History h = new History(new History.Shape(100, 60, false));
        for (int i = 0; i < 1000; i++) {
            h.add(T + i * 60L, i % 2 == 0 ? Status.OK : Status.KO, i % 2 == 0 ? (double) i : null);
        }
        List<HistoryPoint> p = h.points();
        assertEquals(100, p.size());
        assertEquals(Instant.ofEpochSecond(T + 900 * 60L), p.get(0).at(), "oldest kept first");
        assertEquals(Instant.ofEpochSecond(T + 999 * 60L), p.get(99).at());
        assertEquals(Status.OK, p.get(0).status());
        assertEquals(900.0, p.get(0).latencyMs());
        assertNull(p.get(99).latencyMs());
        assertEquals(100 * 9L, h.shape().bytes());
    }

    @Test
    void coarseSlotsMergeWorstStatusAndHighestLatency() {
        History h = new History(new History.Shape(10, 300, true));
        h.add(T, Status.OK, 5.0);
        h.add(T + 60, Status.WARNING, 50.0);
        h.add(T + 120, Status.OK, 7.0);
        h.add(T + 300, Status.KO, null);
        List<HistoryPoint> p = h.points();
        assertEquals(2, p.size());
        assertEquals(Status.WARNING, p.get(0).status());
        assertEquals(50.0, p.get(0).latencyMs());
        assertEquals(Status.KO, p.get(1).status());
        assertNull(p.get(1).latencyMs());
    }

    @Test
    void reshapingToCoarserSlotsKeepsTheStory() {
        History fine = new History(new History.Shape(1440, 60, false));
        for (int i = 0; i < 60; i++) {
            fine.add(T + i * 60L, i == 7 ? Status.KO : Status.OK, 1.0);
        }
        History coarse = fine.reshaped(new History.Shape(96, 900, true));
        List<HistoryPoint> p = coarse.points();
        assertEquals(4, p.size());
        assertEquals(Status.KO, p.get(0).status(), "the ko at minute 7 survives in the first 15 min slot");
        assertEquals(Status.OK, p.get(1).status());
    }

    @Test
    void shapeCoversADayAtTheIntervalWhenTheBudgetAllows() {
        History.Shape s = History.shapeFor(60, 1000, 1440, 16L << 20);
        assertEquals(1440, s.capacity());
        assertEquals(60, s.slotSeconds());
        assertFalse(s.merge());
        assertTrue(1000 * s.bytes() <= 16L << 20, "1000 devices x 1440 points x 9 bytes = 13 MB");
    }

    @Test
    void shapeGetsCoarserToStayWithinBudget() {
        long budget = 16L << 20;
        for (int devices : new int[] {1, 100, 1000, 10_000, 100_000, 1_000_000}) {
            for (int interval : new int[] {15, 60, 300}) {
                History.Shape s = History.shapeFor(interval, devices, 1440, budget);
                assertTrue(s.capacity() <= 1440);
                assertTrue((long) devices * s.bytes() <= budget || s.capacity() == 1,
                        devices + " devices at " + interval + " s: " + s);
                assertTrue(s.slotSeconds() >= interval);
                if ((long) devices * 24 * History.BYTES_PER_POINT <= budget) {
                    assertTrue((long) s.capacity() * s.slotSeconds() >= 86_400, "24 h covered: " + s);
                }
            }
        }
        assertEquals(900, History.shapeFor(15, 10_000, 1440, budget).slotSeconds());
    }
}
