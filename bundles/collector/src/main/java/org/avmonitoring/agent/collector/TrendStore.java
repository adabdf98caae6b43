package org.avmonitoring.agent.collector;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.monitor.TrendPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long, compact history of trend metrics (lamp and filter hours, temperatures): per device and metric, one
 * point per {@link #STEP_S} (the last value seen in it), {@link #MAX_POINTS} points (96 days), at most
 * {@link #MAX_SERIES} series: 8 bytes a point, so at most about 30 MB. Saved to {@code trends.bin} under the data dir
 * (atomically, by the collector each hour and on stop) and read back at start. Thread-safe.
 */
final class TrendStore {
    private static final Logger LOG = LoggerFactory.getLogger(TrendStore.class);
    static final int STEP_S = 3 * 3600;
    static final int MAX_POINTS = 96 * 24 * 3600 / STEP_S;
    static final int MAX_SERIES = 5_000;
    private static final int MAGIC = 0x41565452; // "AVTR"
    private static final int VERSION = 1;

    /** Time steps since the epoch and values, oldest first; grows by doubling up to {@link #MAX_POINTS}. */
    private static final class Series {
        int[] steps = new int[8];
        float[] values = new float[8];
        int size;

        void add(int step, float value) {
            if (size > 0 && steps[size - 1] >= step) {
                if (steps[size - 1] == step) {
                    values[size - 1] = value;
                }
                return; // a clock set back: the point is dropped rather than the order broken
            }
            if (size == MAX_POINTS) {
                System.arraycopy(steps, 1, steps, 0, size - 1);
                System.arraycopy(values, 1, values, 0, size - 1);
                size--;
            } else if (size == steps.length) {
                int n = Math.min(MAX_POINTS, size * 2);
                steps = java.util.Arrays.copyOf(steps, n);
                values = java.util.Arrays.copyOf(values, n);
            }
            steps[size] = step;
            values[size] = value;
            size++;
        }
    }

    private final Map<String, Map<String, Series>> byDevice = new HashMap<>();
    private int series;
    private boolean fullLogged;

    synchronized void add(String deviceId, String metric, long epochSecond, double value) {
        Map<String, Series> metrics = byDevice.computeIfAbsent(deviceId, k -> new HashMap<>());
        Series s = metrics.get(metric);
        if (s == null) {
            if (series >= MAX_SERIES) {
                if (!fullLogged) {
                    fullLogged = true;
                    LOG.warn("trend history full ({} series): further device metrics are not kept", MAX_SERIES);
                }
                return;
            }
            s = new Series();
            metrics.put(metric, s);
            series++;
        }
        s.add((int) (epochSecond / STEP_S), (float) value);
    }

    synchronized List<TrendPoint> points(String deviceId, String metric) {
        Series s = byDevice.getOrDefault(deviceId, Map.of()).get(metric);
        if (s == null) {
            return List.of();
        }
        List<TrendPoint> out = new ArrayList<>(s.size);
        for (int i = 0; i < s.size; i++) {
            out.add(new TrendPoint((long) s.steps[i] * STEP_S, s.values[i]));
        }
        return out;
    }

    /** Forgets the devices no longer configured. */
    synchronized void retain(Set<String> deviceIds) {
        byDevice.keySet().retainAll(deviceIds);
        series = byDevice.values().stream().mapToInt(Map::size).sum();
        fullLogged = false;
    }

    synchronized void save(Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(series);
                for (Map.Entry<String, Map<String, Series>> d : byDevice.entrySet()) {
                    for (Map.Entry<String, Series> m : d.getValue().entrySet()) {
                        Series s = m.getValue();
                        out.writeUTF(d.getKey());
                        out.writeUTF(m.getKey());
                        out.writeInt(s.size);
                        for (int i = 0; i < s.size; i++) {
                            out.writeInt(s.steps[i]);
                            out.writeFloat(s.values[i]);
                        }
                    }
                }
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("trend history not saved to {}: {}", file, e.toString());
        }
    }

    /** Reads what {@link #save} wrote; a damaged or foreign file is logged and the history starts empty. */
    static TrendStore load(Path file) {
        TrendStore store = new TrendStore();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a trend history of this version");
            }
            int n = in.readInt();
            for (int k = 0; k < n; k++) {
                String device = in.readUTF();
                String metric = in.readUTF();
                int size = in.readInt();
                if (size < 0 || size > MAX_POINTS) {
                    throw new IOException("damaged (" + size + " points in a series)");
                }
                for (int i = 0; i < size; i++) {
                    store.add(device, metric, (long) in.readInt() * STEP_S, in.readFloat());
                }
            }
        } catch (NoSuchFileException e) {
            return store;
        } catch (IOException e) {
            LOG.warn("trend history in {} not read ({}): it starts again", file, e.toString());
            return new TrendStore();
        }
        return store;
    }
}
