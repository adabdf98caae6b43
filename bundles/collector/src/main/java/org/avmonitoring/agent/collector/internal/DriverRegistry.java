package org.avmonitoring.agent.collector.internal;

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
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.DriverSelection;
import org.osgi.framework.Version;

/**
 * The drivers present now, by device type. When several services claim one type, {@link DriverSelection}'s rule
 * picks the one serving it (ranking, then newest bundle version, then newest registration): the same rule as
 * validation and the UI. A driver bundle updated in place re-registers with a new id and takes over.
 */
final class DriverRegistry {

    /** One registered driver service; {@code version} is its bundle's, shown as the {@code driver_version} metric. */
    record Entry(String type, DeviceDriver driver, DriverSelection.Rank rank, String version) {
        Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(driver, "driver");
            Objects.requireNonNull(rank, "rank");
        }

        /** Outside a framework (tests): a rank made of a ranking, the bundle version and a service id. */
        Entry(String type, DeviceDriver driver, int ranking, long serviceId, String version) {
            this(type, driver, new DriverSelection.Rank(ranking, Version.parseVersion(version), serviceId), version);
        }

        long serviceId() {
            return rank.serviceId();
        }

        /** The driver's description, null when it gives none or fails to (a driver bug must stop neither /metrics nor a check). */
        DriverDescription description() {
            try {
                return driver.description();
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    private static final Comparator<Entry> PREFERENCE = Comparator.comparing(Entry::rank);

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
