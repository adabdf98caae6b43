package org.avmonitoring.agent.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.avmonitoring.agent.api.config.MaintenanceWindow;
import org.avmonitoring.agent.api.config.StatusPolicy;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance windows: those started from the local API (one per device, kept in {@code maintenance.txt} under the
 * data dir, rewritten atomically at each change, so they survive a restart) and the site's
 * {@code maintenance_windows}. An API window wins over a site window. Bounded: at most {@link #MAX_WINDOWS} API
 * windows, ended ones dropped at each change. Thread-safe.
 *
 * <p>The file has one line per window, {@code device-id TAB until-epoch-seconds TAB reason}: small, and nothing to
 * parse but what this class writes.
 */
final class MaintenanceBook {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceBook.class);
    static final int MAX_WINDOWS = 10_000;
    static final int MAX_REASON = 200;

    private final Path file;
    private final Map<String, Maintenance> started = new LinkedHashMap<>();

    /** @param file null keeps the windows in memory only (tests, "test now") */
    MaintenanceBook(Path file, Instant now) {
        this.file = file;
        if (file != null) {
            load(now);
        }
    }

    /** The window {@code deviceId} is in at {@code now}, or null. */
    synchronized Maintenance current(String deviceId, Instant now, StatusPolicy policy) {
        Maintenance own = started.get(deviceId);
        if (own != null && now.isBefore(own.until())) {
            return own;
        }
        Maintenance best = null;
        for (MaintenanceWindow w : policy.windows()) {
            Optional<Instant> end = w.endFor(deviceId, now, policy.zone());
            if (end.isPresent() && (best == null || end.get().isAfter(best.until()))) {
                best = new Maintenance(end.get(), w.reason(), Maintenance.SITE);
            }
        }
        return best;
    }

    /** Starts (or replaces) the API window of a device; refused when the book is full of other devices' windows. */
    synchronized Maintenance start(String deviceId, Instant now, Instant until, String reason) {
        started.values().removeIf(m -> !now.isBefore(m.until()));
        if (!started.containsKey(deviceId) && started.size() >= MAX_WINDOWS) {
            throw new IllegalStateException("too many maintenance windows (" + MAX_WINDOWS + ")");
        }
        String clean = reason == null ? "" : reason.replaceAll("[\\p{Cntrl}]", " ").strip();
        Maintenance m = new Maintenance(until, clean.length() > MAX_REASON ? clean.substring(0, MAX_REASON) : clean,
                Maintenance.API);
        started.put(deviceId, m);
        save();
        return m;
    }

    /** Ends the API window of a device; false when it had none running. */
    synchronized boolean end(String deviceId, Instant now) {
        Maintenance m = started.remove(deviceId);
        started.values().removeIf(w -> !now.isBefore(w.until()));
        save();
        return m != null && now.isBefore(m.until());
    }

    private void load(Instant now) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("maintenance windows not read from {}: {}", file, e.toString());
            return;
        }
        for (String line : lines) {
            String[] f = line.split("\t", 3);
            try {
                Instant until = Instant.ofEpochSecond(Long.parseLong(f[1]));
                if (now.isBefore(until) && started.size() < MAX_WINDOWS) {
                    started.put(f[0], new Maintenance(until, f.length > 2 ? f[2] : "", Maintenance.API));
                }
            } catch (RuntimeException e) {
                LOG.warn("maintenance windows: line skipped in {} (not device TAB until TAB reason)", file);
            }
        }
    }

    /** Caller holds the monitor. A failed write is logged: the windows still hold until the agent stops. */
    private void save() {
        if (file == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        started.forEach((id, m) -> text.append(id).append('\t').append(m.until().getEpochSecond()).append('\t')
                .append(m.reason()).append('\n'));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("maintenance windows not saved to {}: {}", file, e.toString());
        }
    }
}
