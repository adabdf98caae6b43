package org.avmonitoring.agent.collector.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.HistoryPoint;

/**
 * A device's recent checks in compact form, so its memory is fixed by its capacity whatever runs through it. A point
 * is a status byte and a latency in two bytes (tenths of a millisecond up to 3 s, then steps of 100 ms up to about an
 * hour, {@link #NO_LATENCY} when there was no answer).
 *
 * <p>Two shapes. When each check gets its own point (the slot is the device's interval), a point also keeps its time
 * (epoch seconds as an unsigned int, good until 2106): {@value #BYTES_PER_POINT} bytes. When the slot is coarser, the
 * checks falling in one slot are merged (worst status, highest latency) and the ring holds consecutive slots, so a
 * point's time is its position: {@value #BYTES_PER_SLOT} bytes, an empty slot (no check) marked as such.
 */
final class History {
    static final int BYTES_PER_POINT = Integer.BYTES + Byte.BYTES + Short.BYTES;
    static final int BYTES_PER_SLOT = Byte.BYTES + Short.BYTES;
    static final char NO_LATENCY = Character.MAX_VALUE;
    private static final int FINE_LIMIT_TENTHS = 30_000;
    private static final byte EMPTY = -1;
    private static final Status[] STATUSES = Status.values();

    private final Shape shape;
    /** Epoch seconds of each point; null for merged slots, whose time follows from {@link #newestSlot}. */
    private final int[] at;
    private final byte[] status;
    private final char[] latency;
    private int start;
    private int size;
    private long newestSlot;

    /**
     * @param capacity    points kept
     * @param slotSeconds time each point stands for
     * @param merge       false when every check gets its own point (the slot is the device's interval)
     */
    record Shape(int capacity, int slotSeconds, boolean merge) {
        Shape {
            if (capacity < 1 || slotSeconds < 1) {
                throw new IllegalArgumentException("capacity and slot must be positive: " + capacity + ", " + slotSeconds);
            }
        }

        long bytes() {
            return (long) capacity * (merge ? BYTES_PER_SLOT : BYTES_PER_POINT);
        }
    }

    History(Shape shape) {
        this.shape = shape;
        at = shape.merge ? null : new int[shape.capacity];
        status = new byte[shape.capacity];
        latency = new char[shape.capacity];
    }

    Shape shape() {
        return shape;
    }

    void add(long epochSecond, Status s, Double latencyMs) {
        char lat = encode(latencyMs);
        if (!shape.merge) {
            at[put(s, lat)] = (int) epochSecond;
            return;
        }
        long slot = Math.floorDiv(epochSecond, shape.slotSeconds);
        if (size > 0 && slot <= newestSlot) {
            // the same slot, or a clock stepped back: merge into the newest (never empty) rather than rewrite the past
            int last = index(size - 1);
            status[last] = (byte) STATUSES[status[last]].worst(s).ordinal();
            // the encoding is monotonic; no answer sorts above every latency but must not replace one
            if (latency[last] == NO_LATENCY || (lat != NO_LATENCY && lat > latency[last])) {
                latency[last] = lat;
            }
            return;
        }
        if (size > 0) {
            long gap = slot - newestSlot;
            if (gap > shape.capacity) {
                start = 0;
                size = 0;
            } else {
                for (long g = 1; g < gap; g++) {
                    status[advance()] = EMPTY;
                }
            }
        }
        put(s, lat);
        newestSlot = slot;
    }

    /** Appends a point; returns its ring position. */
    private int put(Status s, char lat) {
        int i = advance();
        status[i] = (byte) s.ordinal();
        latency[i] = lat;
        return i;
    }

    /** The ring position of a new newest point (the oldest falls out when full). */
    private int advance() {
        int i;
        if (size < status.length) {
            i = index(size);
            size++;
        } else {
            i = start;
            start = (start + 1) % status.length;
        }
        return i;
    }

    /** Oldest first. */
    List<HistoryPoint> points() {
        List<HistoryPoint> out = new ArrayList<>(size);
        for (int n = 0; n < size; n++) {
            int i = index(n);
            if (status[i] == EMPTY) {
                continue;
            }
            long when = at != null ? Integer.toUnsignedLong(at[i]) : (newestSlot - (size - 1 - n)) * shape.slotSeconds;
            out.add(new HistoryPoint(Instant.ofEpochSecond(when), STATUSES[status[i]], decode(latency[i])));
        }
        return out;
    }

    /** A history of another shape holding what this one holds (merged into coarser slots when the slot grows). */
    History reshaped(Shape to) {
        History h = new History(to);
        for (HistoryPoint p : points()) {
            h.add(p.at().getEpochSecond(), p.status(), p.latencyMs());
        }
        return h;
    }

    static char encode(Double ms) {
        if (ms == null || ms.isNaN()) {
            return NO_LATENCY;
        }
        double tenths = Math.max(0, ms) * 10;
        if (tenths < FINE_LIMIT_TENTHS) {
            return (char) Math.round(tenths);
        }
        return (char) Math.min(NO_LATENCY - 1, FINE_LIMIT_TENTHS + Math.round((tenths - FINE_LIMIT_TENTHS) / 1000));
    }

    static Double decode(char c) {
        if (c == NO_LATENCY) {
            return null;
        }
        return c < FINE_LIMIT_TENTHS ? c / 10.0 : (FINE_LIMIT_TENTHS + (c - FINE_LIMIT_TENTHS) * 1000.0) / 10.0;
    }

    private int index(int n) {
        return (start + n) % status.length;
    }

    /**
     * The shape for a device: 24 h at its own interval when the budget allows, else at the finest step of a short
     * ladder (1, 2, 5, 10, 15, 60 min) that fits both {@code maxPoints} and an equal share of {@code budgetBytes}
     * among {@code devices}. The ladder keeps the shape stable when a few devices come and go.
     */
    static Shape shapeFor(int intervalS, int devices, int maxPoints, long budgetBytes) {
        long perDevice = budgetBytes / Math.max(1, devices);
        int[] ladder = {intervalS, 60, 120, 300, 600, 900, 3600};
        for (int step : ladder) {
            if (step < intervalS) {
                continue;
            }
            Shape s = new Shape((int) Math.ceil(86_400.0 / step), step, step > intervalS);
            if (s.capacity() <= maxPoints && s.bytes() <= perDevice) {
                return s;
            }
        }
        int step = Math.max(intervalS, 3600);
        boolean merge = step > intervalS;
        int points = (int) Math.max(1, Math.min(Math.min(maxPoints, 24),
                perDevice / (merge ? BYTES_PER_SLOT : BYTES_PER_POINT)));
        return new Shape(points, step, merge);
    }
}
