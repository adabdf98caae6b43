package org.avmonitoring.agent.collector.internal;

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
        assertEquals(100 * 7L, h.shape().bytes(), "7 bytes a point");
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
        assertTrue(1000 * s.bytes() <= 16L << 20, "1000 devices x 1440 points x 7 bytes = 10 MB");
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
        assertEquals(300, History.shapeFor(15, 10_000, 1440, budget).slotSeconds());
        // the default budget (4 MB): 2 min slots for 1,000 devices at 15 s, 15 min for 10,000, every check for 100 at 60 s
        assertEquals(120, History.shapeFor(15, 1000, 1440, 4L << 20).slotSeconds());
        assertEquals(900, History.shapeFor(15, 10_000, 1440, 4L << 20).slotSeconds());
        assertEquals(96 * 3, History.shapeFor(15, 10_000, 1440, 4L << 20).bytes(), "a merged slot is 3 bytes");
        assertFalse(History.shapeFor(60, 100, 1440, 4L << 20).merge());
    }

    @Test
    void mergedSlotsKeepTheirTimeByPositionAndSkipEmptySlots() {
        History h = new History(new History.Shape(5, 60, true));
        h.add(600, Status.OK, 1.0);   // slot 10
        h.add(790, Status.KO, null);  // slot 13: slots 11 and 12 had no check
        h.add(795, Status.OK, 2.0);
        List<HistoryPoint> p = h.points();
        assertEquals(2, p.size(), p.toString());
        assertEquals(Instant.ofEpochSecond(600), p.get(0).at());
        assertEquals(Instant.ofEpochSecond(780), p.get(1).at(), "a point's time is its slot's start");
        assertEquals(Status.KO, p.get(1).status());
        assertEquals(2.0, p.get(1).latencyMs());

        h.add(840, Status.WARNING, 3.0); // slot 14: the ring (5 slots: 10..14) is full
        h.add(900, Status.OK, 4.0);      // slot 15: slot 10 falls out
        p = h.points();
        assertEquals(List.of(780L, 840L, 900L), p.stream().map(x -> x.at().getEpochSecond()).toList());

        h.add(100, Status.KO, 9.0); // the clock stepped back: merged into the newest slot, the past is not rewritten
        p = h.points();
        assertEquals(Instant.ofEpochSecond(900), p.get(p.size() - 1).at());
        assertEquals(Status.KO, p.get(p.size() - 1).status());

        h.add(900 + 60L * 100, Status.OK, 5.0); // a gap longer than the ring: only the new point remains
        p = h.points();
        assertEquals(1, p.size());
        assertEquals(Instant.ofEpochSecond(900 + 60L * 100), p.get(0).at());
    }

    @Test
    void latencyKeepsATenthOfAMillisecondUpTo3SecondsAnd100MsUpToAnHour() {
        for (double ms : new double[] {0, 0.1, 0.4, 12.3, 999.9, 2999.9}) {
            assertEquals(ms, History.decode(History.encode(ms)), 1e-9, "exact to 0.1 ms: " + ms);
        }
        assertEquals(0.2, History.decode(History.encode(0.17)), 1e-9, "rounded to the nearest tenth");
        for (double ms : new double[] {3000, 3049, 4321, 60_000, 3_000_000}) {
            assertEquals(ms, History.decode(History.encode(ms)), 50.0, "within 50 ms above 3 s: " + ms);
        }
        assertEquals(History.decode((char) (History.NO_LATENCY - 1)), History.decode(History.encode(1e12)),
                "clamped below the no-answer mark");
        assertNull(History.decode(History.encode(null)));
        assertNull(History.decode(History.encode(Double.NaN)));
        assertEquals(0.0, History.decode(History.encode(-1.0)), "a negative clock step is not a huge latency");
    }

    @Test
    void aMergedSlotKeepsTheHighestLatencyAndNoAnswerNeverReplacesOne() {
        History h = new History(new History.Shape(10, 60, true));
        h.add(600, Status.OK, 5.0);
        h.add(610, Status.KO, null);
        h.add(620, Status.OK, 7.5);
        h.add(630, Status.OK, 6.0);
        List<HistoryPoint> p = h.points();
        assertEquals(1, p.size());
        assertEquals(Status.KO, p.get(0).status());
        assertEquals(7.5, p.get(0).latencyMs());
        History silent = new History(new History.Shape(10, 60, true));
        silent.add(600, Status.KO, null);
        silent.add(610, Status.KO, null);
        assertNull(silent.points().get(0).latencyMs());
    }
}
