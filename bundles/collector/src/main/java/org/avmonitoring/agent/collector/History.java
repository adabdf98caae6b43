package org.avmonitoring.agent.collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.HistoryPoint;

/**
 * A device's recent checks in compact form: a ring of {@value #BYTES_PER_POINT} bytes per point (epoch seconds as an
 * unsigned int, good until 2106, status as a byte, latency in ms as a float, NaN when there was no answer), so its memory is fixed by its
 * capacity whatever runs through it. When the slot is coarser than the device's interval, the checks falling in one
 * slot are merged (worst status, highest latency), so 24 h fit in fewer points.
 */
final class History {
    static final int BYTES_PER_POINT = Integer.BYTES + Byte.BYTES + Float.BYTES;
    private static final Status[] STATUSES = Status.values();

    private final Shape shape;
    private final int[] at;
    private final byte[] status;
    private final float[] latency;
    private int start;
    private int size;

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
            return (long) capacity * BYTES_PER_POINT;
        }
    }

    History(Shape shape) {
        this.shape = shape;
        at = new int[shape.capacity];
        status = new byte[shape.capacity];
        latency = new float[shape.capacity];
    }

    Shape shape() {
        return shape;
    }

    int size() {
        return size;
    }

    void add(long epochSecond, Status s, Double latencyMs) {
        float lat = latencyMs == null ? Float.NaN : latencyMs.floatValue();
        if (shape.merge) {
            long slotStart = epochSecond - Math.floorMod(epochSecond, shape.slotSeconds);
            if (size > 0) {
                int last = index(size - 1);
                if (at[last] == (int) slotStart) {
                    status[last] = (byte) STATUSES[status[last]].worst(s).ordinal();
                    if (Float.isNaN(latency[last]) || lat > latency[last]) {
                        latency[last] = lat;
                    }
                    return;
                }
            }
            append((int) slotStart, s, lat);
        } else {
            append((int) epochSecond, s, lat);
        }
    }

    private void append(int epochSecond, Status s, float lat) {
        int i;
        if (size < at.length) {
            i = index(size);
            size++;
        } else {
            i = start;
            start = (start + 1) % at.length;
        }
        at[i] = epochSecond;
        status[i] = (byte) s.ordinal();
        latency[i] = lat;
    }

    private int index(int n) {
        return (start + n) % at.length;
    }

    /** Oldest first. */
    List<HistoryPoint> points() {
        List<HistoryPoint> out = new ArrayList<>(size);
        for (int n = 0; n < size; n++) {
            int i = index(n);
            out.add(new HistoryPoint(Instant.ofEpochSecond(Integer.toUnsignedLong(at[i])), STATUSES[status[i]],
                    Float.isNaN(latency[i]) ? null : (double) latency[i]));
        }
        return out;
    }

    /** A history of another shape holding what this one holds (merged into coarser slots when the slot grows). */
    History reshaped(Shape to) {
        History h = new History(to);
        for (int n = 0; n < size; n++) {
            int i = index(n);
            h.add(Integer.toUnsignedLong(at[i]), STATUSES[status[i]], Float.isNaN(latency[i]) ? null : (double) latency[i]);
        }
        return h;
    }

    /**
     * The shape for a device: 24 h at its own interval when the budget allows, else at the finest step of a short
     * ladder (1, 5, 15, 60 min) that fits both {@code maxPoints} and an equal share of {@code budgetBytes} among
     * {@code devices}. The ladder keeps the shape stable when a few devices come and go.
     */
    static Shape shapeFor(int intervalS, int devices, int maxPoints, long budgetBytes) {
        long perDevice = budgetBytes / Math.max(1, devices);
        int[] ladder = {intervalS, 60, 300, 900, 3600};
        for (int step : ladder) {
            if (step < intervalS) {
                continue;
            }
            int points = (int) Math.ceil(86_400.0 / step);
            if (points <= maxPoints && (long) points * BYTES_PER_POINT <= perDevice) {
                return new Shape(points, step, step > intervalS);
            }
        }
        int points = (int) Math.max(1, Math.min(Math.min(maxPoints, 24), perDevice / BYTES_PER_POINT));
        int step = Math.max(intervalS, 3600);
        return new Shape(points, step, step > intervalS);
    }
}
