package org.avmonitoring.agent.testing.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ImpairmentTest {

    @Test
    void silencesTheGivenShareSpreadEvenlyAsTheScriptComputesIt() {
        Impairment i = Impairment.parse("silent=10,delay=50-500,seed=19");
        assertEquals(33, IntStream.range(0, 333).filter(i::silent).count());
        assertEquals(100, IntStream.range(0, 1000).filter(i::silent).count());
        assertTrue(i.silent(9) && i.silent(19) && i.silent(999));
        assertFalse(i.silent(0) || i.silent(8) || i.silent(10));
        assertFalse(IntStream.range(0, 1000).anyMatch(Impairment.NONE::silent));
    }

    @Test
    void drawsEachDeviceDelayWithinTheRangeTheSameWayEveryTime() {
        Impairment i = Impairment.parse("silent=10,delay=50-500,seed=19");
        long[] delays = IntStream.range(0, 1000).mapToLong(i::delayMs).toArray();
        assertTrue(IntStream.range(0, 1000).allMatch(k -> delays[k] >= 50 && delays[k] <= 500));
        assertTrue(IntStream.range(0, 1000).allMatch(k -> Impairment.parse(i.toString()).delayMs(k) == delays[k]));
        // Uniform, roughly: each tenth of the range holds some of a thousand devices, none most of them.
        long[] tenths = new long[10];
        for (long d : delays) {
            tenths[(int) Math.min(9, (d - 50) * 10 / 451)]++;
        }
        assertTrue(IntStream.range(0, 10).allMatch(t -> tenths[t] > 50 && tenths[t] < 150), java.util.Arrays.toString(tenths));
        assertTrue(IntStream.range(0, 1000).anyMatch(k -> Impairment.parse("delay=50-500,seed=20").delayMs(k) != delays[k]),
                "another seed draws other delays");
    }

    @Test
    void readsAndNamesItsForm() {
        assertEquals(new Impairment(0, 200, 200, 0), Impairment.parse("delay=200"));
        assertEquals("silent=10,delay=50-500,seed=19", Impairment.parse(" silent=10 , delay=50-500 , seed=19 ").toString());
        assertThrows(IllegalArgumentException.class, () -> Impairment.parse("silent=110"));
        assertThrows(IllegalArgumentException.class, () -> Impairment.parse("delay=500-50"));
        assertThrows(IllegalArgumentException.class, () -> Impairment.parse("latency=5"));
        assertThrows(IllegalArgumentException.class, () -> Impairment.parse("silent=ten"));
    }
}
