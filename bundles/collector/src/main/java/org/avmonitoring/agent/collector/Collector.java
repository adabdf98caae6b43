package org.avmonitoring.agent.collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.StatusPolicy;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Forecast;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.monitor.TrendPoint;
import org.avmonitoring.agent.api.driver.CheckTrigger;
import org.avmonitoring.agent.api.monitor.CollectorStats;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.HistoryPoint;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every enabled device on its own interval through the driver of its type, enforces each check's deadline,
 * keeps the live state and history, and publishes each result. Plain Java: the OSGi component feeds it the
 * configuration, the drivers and the listeners, and a {@link TaskScheduler} gives it time.
 *
 * <p>Scheduling: one pending timer per device, at a fixed rate from a phase drawn from a low-discrepancy sequence
 * (multiples of the golden ratio, modulo 1), so that n devices added together start spread evenly over their
 * interval. A late timer skips the cycles it missed rather than firing them in a burst. At most one check per device
 * is in flight (a cycle that finds the previous check still running is skipped), and at most
 * {@link Settings#maxInFlight()} in all.
 */
final class Collector implements MonitorService, CheckTrigger {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    private static final double GOLDEN = 0.6180339887498949;
    /** After a driver leaves, how long its type may stay without one before its devices are marked unknown. */
    static final long DRIVER_GONE_GRACE_MS = 2000;
    static final long MAX_MAINTENANCE_MIN = 366L * 24 * 60;

    /**
     * @param maxInFlight        checks in flight at once, all devices together
     * @param defaultDeadlineMs  deadline of a check when the device sets no {@code timeout_ms}
     * @param historyMaxPoints   points kept per device at most
     * @param historyBudgetBytes memory for all histories together
     */
    record Settings(int maxInFlight, long defaultDeadlineMs, int historyMaxPoints, long historyBudgetBytes) {
    }

    private final TaskScheduler scheduler;
    private final DriverRegistry drivers;
    private final CheckStats stats = new CheckStats();
    private final ResultRecorder recorder;
    private volatile Settings settings;

    private final Map<String, DeviceSlot> slots = new ConcurrentHashMap<>();
    private volatile List<DeviceSlot> ordered = List.of();
    private volatile SiteConfig config;
    private volatile StatusPolicy statusPolicy = StatusPolicy.parse(Map.of(), new ArrayList<>());
    private final MaintenanceBook maintenance;
    private final TrendStore trends;
    private long phaseIndex;
    private boolean closed;

    Collector(TaskScheduler scheduler, DriverRegistry drivers, ResultPublisher publisher, Settings settings,
              MaintenanceBook maintenance, TrendStore trends) {
        this.scheduler = scheduler;
        this.drivers = drivers;
        this.maintenance = maintenance;
        this.trends = trends;
        this.recorder = new ResultRecorder(publisher, stats, maintenance, () -> statusPolicy, trends);
        this.settings = settings;
        drivers.onChange(this::driverChanged);
    }

    void updateSettings(Settings s) {
        settings = s;
    }

    // ---------------------------------------------------------------- configuration

    /** Brings the schedules in line with {@code c}: only added, removed and changed devices are touched. */
    synchronized void apply(SiteConfig c) {
        if (closed) {
            return;
        }
        SiteConfig before = config;
        config = c;
        StatusPolicy policy = StatusPolicy.of(c);
        statusPolicy = policy;
        Settings s = settings;
        long now = scheduler.nowMillis();
        int devices = Math.max(1, c.devices().size());
        Set<String> seen = new HashSet<>();
        List<DeviceSlot> order = new ArrayList<>();
        int added = 0;
        int changed = 0;
        for (Device d : c.devices()) {
            if (!seen.add(d.id())) {
                continue;
            }
            Device eff = c.effective(d);
            History.Shape shape = History.shapeFor(eff.intervalS(), devices, s.historyMaxPoints(), s.historyBudgetBytes());
            DeviceSlot slot = slots.get(d.id());
            if (slot == null) {
                slot = new DeviceSlot(d.id(), Instant.ofEpochMilli(now), new History(shape));
                slots.put(d.id(), slot);
                synchronized (slot) {
                    define(slot, d, eff, now);
                    slot.policy = policy.forDevice(eff);
                    slot.thresholds = WearForecasts.thresholds(eff.settings());
                }
                added++;
            } else {
                synchronized (slot) {
                    if (!pollingView(before.effective(slot.configured)).equals(pollingView(eff))) {
                        stopCurrent(slot);
                        forget(slot.configured.type(), slot.id);
                        define(slot, d, eff, now);
                        changed++;
                    } else {
                        slot.configured = d;
                    }
                    slot.policy = policy.forDevice(eff);
                    slot.thresholds = WearForecasts.thresholds(eff.settings());
                    if (!slot.history.shape().equals(shape)) {
                        slot.history = slot.history.reshaped(shape);
                    }
                }
            }
            order.add(slot);
        }
        int removed = 0;
        for (DeviceSlot slot : List.copyOf(slots.values())) {
            if (!seen.contains(slot.id)) {
                synchronized (slot) {
                    stopCurrent(slot);
                    slot.retired = true;
                }
                slots.remove(slot.id);
                forget(slot.configured.type(), slot.id);
                removed++;
            }
        if (removed > 0) {
            trends.retain(seen);
        }
        }
        ordered = List.copyOf(order);
        LOG.info("configuration applied: {} devices, {} added, {} changed, {} removed", order.size(), added, changed, removed);
    }

    /**
     * Tells the driver of {@code type} to drop what it remembers of the device, on the type's lane: a driver that
     * blocks there stalls only its own type.
     */
    private void forget(String type, String deviceId) {
        DriverRegistry.Entry driver = drivers.get(type);
        if (driver == null) {
            return;
        }
        scheduler.dispatch(type, () -> {
            try {
                driver.driver().forget(deviceId);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("driver {} failed to forget device {}: {}", type, deviceId, e.toString());
            }
        });
    }

    /** What decides how a device is polled; a new name or source alone does not reschedule it. */
    private static Device pollingView(Device d) {
        return new Device(d.id(), null, d.type(), d.host(), d.port(), d.intervalS(), d.enabled(), null, d.settings());
    }

    /** Caller holds the slot's monitor. */
    private void define(DeviceSlot slot, Device configured, Device eff, long now) {
        slot.configured = configured;
        slot.intervalMs = Deadlines.intervalMs(eff);
        slot.waitingForDriver = false;
        slot.overlapLogged = false;
        if (eff.enabled()) {
            slot.nextDueMs = now + (long) (nextPhase() * slot.intervalMs);
            arm(slot, now);
        }
    }

    /** Called under this collector's monitor (from {@link #apply}). */
    private double nextPhase() {
        return (phaseIndex++ * GOLDEN) % 1.0;
    }

    /** Caller holds the slot's monitor: forgets the timer and the check in flight of the current definition. */
    private void stopCurrent(DeviceSlot slot) {
        slot.generation++;
        if (slot.timer != null) {
            slot.timer.cancel();
            slot.timer = null;
        }
        if (slot.check != null) {
            slot.check.abandon();
            slot.check = null;
        }
    }

    // ---------------------------------------------------------------- scheduling

    private void arm(DeviceSlot slot, long now) {
        int gen = slot.generation;
        slot.timer = scheduler.schedule(() -> due(slot, gen), slot.nextDueMs - now);
    }

    private void due(DeviceSlot slot, int gen) {
        synchronized (slot) {
            if (slot.generation != gen || slot.retired) {
                return;
            }
            long now = scheduler.nowMillis();
            slot.nextDueMs += slot.intervalMs;
            if (slot.nextDueMs <= now) {
                slot.nextDueMs += ((now - slot.nextDueMs) / slot.intervalMs + 1) * slot.intervalMs;
            }
            arm(slot, now);
        }
        poll(slot, gen, true);
    }

    private void pollSoon(DeviceSlot slot) {
        int gen;
        synchronized (slot) {
            gen = slot.generation;
        }
        scheduler.execute(() -> poll(slot, gen, false));
    }

    /** {@code scheduled}: a regular cycle, whose skipping is worth a warning (a trigger's is not). */
    private void poll(DeviceSlot slot, int gen, boolean scheduled) {
        Check check = null;
        CheckResult noDriver = null;
        synchronized (slot) {
            if (slot.generation != gen || slot.retired || !slot.configured.enabled()) {
                return;
            }
            if (slot.check != null) {
                // only a scheduled check outliving its interval is news; one started by a trigger just overlaps
                if (scheduled && slot.check.scheduled && !slot.overlapLogged) {
                    slot.overlapLogged = true;
                    LOG.warn("device {}: previous check still running, cycle skipped", slot.id);
                }
                return;
            }
            DriverRegistry.Entry driver = drivers.get(slot.configured.type());
            if (driver == null) {
                slot.waitingForDriver = true;
                noDriver = noDriver(slot.configured.type());
            } else if (!stats.admits(settings.maxInFlight(), slot.id)) {
                return;
            } else {
                slot.waitingForDriver = false;
                slot.overlapLogged = false;
                // derived at each poll rather than kept: 10,000 copies of every device's settings cost megabytes
                Device eff = config.effective(slot.configured);
                Deadlines deadlines = Deadlines.forDevice(eff, settings.defaultDeadlineMs());
                check = new Check(eff, driver, deadlines, gen, scheduled, scheduler, stats,
                        (c, outcome) -> recorder.record(slot, c, outcome, settings.maxInFlight()));
                slot.check = check;
            }
        }
        if (noDriver != null) {
            recorder.recordSynthetic(slot, gen, noDriver);
        } else {
            check.start();
        }
    }

    private CheckResult noDriver(String type) {
        return CheckResult.unknown(Instant.ofEpochMilli(scheduler.nowMillis()), "no driver for type " + type);
    }

    // ---------------------------------------------------------------- drivers

    private void driverChanged(String type, DriverRegistry.Entry now) {
        if (now != null) {
            LOG.info("driver for type {} is now {} (bundle version {})", type, now.driver().getClass().getName(), now.version());
            scheduler.execute(() -> pollWaiting(type));
        } else {
            LOG.info("no driver for type {} any more", type);
            scheduler.schedule(() -> markDriverless(type), DRIVER_GONE_GRACE_MS);
        }
    }

    private void pollWaiting(String type) {
        for (DeviceSlot slot : ordered) {
            boolean waiting;
            synchronized (slot) {
                waiting = slot.waitingForDriver && slot.configured.type().equals(type);
            }
            if (waiting) {
                pollSoon(slot);
            }
        }
    }

    /** A driver that left and did not come back (an update re-registers at once) leaves its devices unknown. */
    private void markDriverless(String type) {
        if (drivers.get(type) != null) {
            return;
        }
        for (DeviceSlot slot : ordered) {
            int gen;
            synchronized (slot) {
                if (!slot.configured.type().equals(type) || !slot.configured.enabled() || slot.waitingForDriver) {
                    continue;
                }
                slot.waitingForDriver = true;
                gen = slot.generation;
            }
            recorder.recordSynthetic(slot, gen, noDriver(type));
        }
    }

    // ---------------------------------------------------------------- services

    @Override
    public void checkNow(String type, String host) {
        for (DeviceSlot slot : ordered) {
            boolean match;
            synchronized (slot) {
                match = slot.configured.enabled() && slot.configured.type().equals(type)
                        && slot.configured.host().equalsIgnoreCase(host);
            }
            if (match) {
                LOG.debug("device {}: checked now at the request of driver {}", slot.id, type);
                pollSoon(slot);
            }
        }
    }

    @Override
    public CompletableFuture<CheckResult> checkOnce(Device device) {
        SiteConfig c = config;
        Device eff = c == null ? device : c.effective(device);
        DriverRegistry.Entry driver = drivers.get(eff.type());
        if (driver == null) {
            return CompletableFuture.completedFuture(noDriver(eff.type()));
        }
        CompletableFuture<CheckResult> out = new CompletableFuture<>();
        // a device not configured (tested before it is saved) must leave nothing behind in its driver
        boolean unsaved = !slots.containsKey(eff.id());
        new Check(eff, driver, Deadlines.forDevice(eff, settings.defaultDeadlineMs()), 0, false, scheduler, stats,
                (check, o) -> {
                    if (unsaved && !slots.containsKey(eff.id())) {
                        forget(eff.type(), eff.id());
                    }
                    out.complete(o.result().withMetric(ResultRecorder.DRIVER_VERSION, driver.version()));
                }).start();
        return out;
    }

    @Override
    public List<DeviceState> states() {
        List<DeviceState> out = new ArrayList<>();
        for (DeviceSlot slot : ordered) {
            out.add(stateOf(slot));
        }
        return out;
    }

    @Override
    public Optional<DeviceState> state(String deviceId) {
        DeviceSlot slot = slots.get(deviceId);
        return slot == null ? Optional.empty() : Optional.of(stateOf(slot));
    }

    private DeviceState stateOf(DeviceSlot slot) {
        Assessment a = recorder.assessmentNow(slot, Instant.ofEpochMilli(scheduler.nowMillis()));
        synchronized (slot) {
            return new DeviceState(slot.configured, slot.latest, slot.statusSince, slot.checks, slot.failures, a);
        }
    }

    @Override
    public Optional<Maintenance> startMaintenance(String deviceId, long minutes, String reason) {
        if (minutes < 1 || minutes > MAX_MAINTENANCE_MIN) {
            throw new IllegalArgumentException("minutes must be from 1 to " + MAX_MAINTENANCE_MIN + " (a year)");
        }
        if (!slots.containsKey(deviceId)) {
            return Optional.empty();
        }
        Instant now = Instant.ofEpochMilli(scheduler.nowMillis());
        return Optional.of(maintenance.start(deviceId, now, now.plusSeconds(60 * minutes), reason));
    }

    @Override
    public List<Forecast> forecasts(String deviceId) {
        DeviceSlot slot = slots.get(deviceId);
        if (slot == null) {
            return List.of();
        }
        synchronized (slot) {
            return slot.forecasts;
        }
    }

    @Override
    public List<TrendPoint> trend(String deviceId, String metric) {
        return slots.containsKey(deviceId) ? trends.points(deviceId, metric) : List.of();
    }

    @Override
    public boolean endMaintenance(String deviceId) {
        return maintenance.end(deviceId, Instant.ofEpochMilli(scheduler.nowMillis()));
    }

    @Override
    public List<HistoryPoint> history(String deviceId) {
        DeviceSlot slot = slots.get(deviceId);
        if (slot == null) {
            return List.of();
        }
        synchronized (slot) {
            return slot.history.points();
        }
    }

    @Override
    public CollectorStats stats() {
        Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            byStatus.put(s, 0);
        }
        int monitored = 0;
        for (DeviceSlot slot : ordered) {
            synchronized (slot) {
                if (slot.configured.enabled()) {
                    monitored++;
                    byStatus.merge(slot.latest == null ? Status.UNKNOWN : slot.latest.status(), 1, Integer::sum);
                }
            }
        }
        return stats.snapshot(monitored, byStatus);
    }

    @Override
    public Set<String> driverTypes() {
        return drivers.types();
    }

    /** Memory reserved for histories now, in bytes (the bound the budget enforces). */
    long historyBytes() {
        long sum = 0;
        for (DeviceSlot slot : ordered) {
            synchronized (slot) {
                sum += slot.history.shape().bytes();
            }
        }
        return sum;
    }

    /** Cancels every timer and check; the scheduler itself belongs to the caller. */
    synchronized void close() {
        closed = true;
        drivers.onChange((type, entry) -> { });
        for (DeviceSlot slot : slots.values()) {
            synchronized (slot) {
                stopCurrent(slot);
                slot.retired = true;
            }
        }
    }
}
