package org.avmonitoring.agent.collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.avmonitoring.agent.api.driver.DeviceDriver;

/**
 * The drivers present now, by device type. When several services claim one type, the one with the highest service
 * ranking serves it, then the newest (highest service id): a driver bundle updated in place re-registers with a new
 * id and takes over.
 */
final class DriverRegistry {

    /** One registered driver service; {@code version} is its bundle's, shown as the {@code driver_version} metric. */
    record Entry(String type, DeviceDriver driver, int ranking, long serviceId, String version) {
        Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(driver, "driver");
        }
    }

    private static final Comparator<Entry> PREFERENCE =
            Comparator.comparingInt(Entry::ranking).thenComparingLong(Entry::serviceId);

    private final Map<String, List<Entry>> byType = new HashMap<>();
    private volatile Map<String, Entry> serving = Map.of();
    private volatile BiConsumer<String, Entry> onChange = (type, entry) -> { };

    /** Told (type, new serving entry or null) after the driver serving a type changed. */
    void onChange(BiConsumer<String, Entry> listener) {
        onChange = listener;
    }

    /** The listener is told under this registry's lock, so in order; it must only hand work to another thread. */
    synchronized void add(Entry e) {
        byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
        refresh(e.type());
    }

    synchronized void remove(long serviceId) {
        for (String type : List.copyOf(byType.keySet())) {
            if (byType.get(type).removeIf(e -> e.serviceId() == serviceId)) {
                refresh(type);
            }
        }
    }

    private void refresh(String type) {
        List<Entry> candidates = byType.getOrDefault(type, List.of());
        Entry best = candidates.stream().max(PREFERENCE).orElse(null);
        if (candidates.isEmpty()) {
            byType.remove(type);
        }
        if (serving.get(type) == best) {
            return;
        }
        Map<String, Entry> next = new HashMap<>(serving);
        if (best == null) {
            next.remove(type);
        } else {
            next.put(type, best);
        }
        serving = Map.copyOf(next);
        onChange.accept(type, best);
    }

    /** The driver serving {@code type}, or null. */
    Entry get(String type) {
        return serving.get(type);
    }

    Set<String> types() {
        return new TreeSet<>(serving.keySet());
    }
}
