package org.avmonitoring.agent.collector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.SiteConfig;
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
    /** Weight of the newest check in {@link CollectorStats#averageCollectionMs()} (an exponential moving mean). */
    private static final double AVERAGE_WEIGHT = 0.05;
    /** After a driver leaves, how long its type may stay without one before its devices are marked unknown. */
    static final long DRIVER_GONE_GRACE_MS = 2000;
    static final String DRIVER_VERSION = "driver_version";

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
    private final ResultPublisher publisher;
    private volatile Settings settings;

    private final Map<String, DeviceSlot> slots = new ConcurrentHashMap<>();
    private volatile List<DeviceSlot> ordered = List.of();
    private volatile SiteConfig config;
    private long phaseIndex;
    private boolean closed;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean saturationLogged = new AtomicBoolean();
    private final LongAdder checksTotal = new LongAdder();
    private final LongAdder checksFailed = new LongAdder();
    private final Object durationLock = new Object();
    private double lastMs;
    private double averageMs;

    Collector(TaskScheduler scheduler, DriverRegistry drivers, ResultPublisher publisher, Settings settings) {
        this.scheduler = scheduler;
        this.drivers = drivers;
        this.publisher = publisher;
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
                }
                added++;
            } else {
                synchronized (slot) {
                    if (!pollingView(before.effective(slot.configured)).equals(pollingView(eff))) {
                        stopCurrent(slot);
                        define(slot, d, eff, now);
                        changed++;
                    } else {
                        slot.configured = d;
                    }
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
                removed++;
            }
        }
        ordered = List.copyOf(order);
        LOG.info("configuration applied: {} devices, {} added, {} changed, {} removed", order.size(), added, changed, removed);
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
            } else if (inFlight.get() >= settings.maxInFlight()) {
                if (saturationLogged.compareAndSet(false, true)) {
                    LOG.warn("{} checks in flight, the configured maximum: cycles are skipped (device {} first)",
                            inFlight.get(), slot.id);
                }
                return;
            } else {
                slot.waitingForDriver = false;
                slot.overlapLogged = false;
                // derived at each poll rather than kept: 10,000 copies of every device's settings cost megabytes
                Device eff = config.effective(slot.configured);
                Deadlines deadlines = Deadlines.forDevice(eff, settings.defaultDeadlineMs());
                Check c = new Check(eff, driver, deadlines, slot, gen, scheduled);
                c.sink = outcome -> record(slot, c, outcome);
                slot.check = c;
                check = c;
            }
        }
        if (noDriver != null) {
            recordSynthetic(slot, gen, noDriver);
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
            recordSynthetic(slot, gen, noDriver(type));
        }
    }

    // ---------------------------------------------------------------- results

    /** The end of one check: its result, whether the driver misbehaved, and how long it took. */
    record Outcome(CheckResult result, boolean driverFault, double durationMs) {
    }

    private void record(DeviceSlot slot, Check check, Outcome outcome) {
        CheckResult result = outcome.result().withMetric(DRIVER_VERSION, check.driver.version());
        CheckResult previous;
        Device device;
        synchronized (slot) {
            if (slot.check == check) {
                slot.check = null;
            }
            if (slot.generation != check.generation || slot.retired) {
                return;
            }
            if (outcome.driverFault()) {
                if (!slot.faultLogged) {
                    slot.faultLogged = true;
                    LOG.warn("device {}: {}; further faults of this device are not logged until a normal result",
                            slot.id, result.error());
                }
            } else if (slot.faultLogged) {
                slot.faultLogged = false;
                LOG.info("device {}: driver {} answers normally again", slot.id, check.driver.type());
            }
            previous = slot.latest;
            store(slot, result);
            slot.checks++;
            if (result.status() == Status.KO) {
                slot.failures++;
            }
            device = slot.configured;
        }
        checksTotal.increment();
        if (result.status() == Status.KO) {
            checksFailed.increment();
        }
        synchronized (durationLock) {
            lastMs = outcome.durationMs();
            averageMs = checksTotal.sum() == 1 ? lastMs : averageMs + AVERAGE_WEIGHT * (lastMs - averageMs);
        }
        if (inFlight.get() < settings.maxInFlight() / 2 && saturationLogged.compareAndSet(true, false)) {
            LOG.info("checks in flight back to {}, below the maximum", inFlight.get());
        }
        publisher.publish(device, result, previous);
    }

    /** A result the collector made up itself (no driver): state and listeners, but not the check counts. */
    private void recordSynthetic(DeviceSlot slot, int gen, CheckResult result) {
        CheckResult previous;
        Device device;
        synchronized (slot) {
            if (slot.generation != gen || slot.retired) {
                return;
            }
            previous = slot.latest;
            store(slot, result);
            device = slot.configured;
        }
        publisher.publish(device, result, previous);
    }

    /** Caller holds the slot's monitor. */
    private static void store(DeviceSlot slot, CheckResult result) {
        Status before = slot.latest == null ? Status.UNKNOWN : slot.latest.status();
        if (before != result.status()) {
            slot.statusSince = result.checkedAt();
        }
        slot.latest = result;
        slot.history.add(result.checkedAt().getEpochSecond(), result.status(), result.latencyMs());
    }

    // ---------------------------------------------------------------- one check

    /**
     * One call to a driver, with the collector's own deadline around it. Whatever the driver does (answers, throws,
     * returns null, completes exceptionally, never completes) the check finishes exactly once, and a driver that
     * misbehaved gets status unknown with an error saying how.
     */
    final class Check {
        final Device device;
        final DriverRegistry.Entry driver;
        final Deadlines deadlines;
        final DeviceSlot slot;
        final int generation;
        /** Started by the device's own timer, not by a trigger or a "test now". */
        final boolean scheduled;
        Consumer<Outcome> sink;
        private final AtomicBoolean done = new AtomicBoolean();
        private final Instant startedAt;
        private final long startNanos;
        private volatile CompletableFuture<CheckResult> future;
        private volatile TaskScheduler.Cancellable timer;

        Check(Device device, DriverRegistry.Entry driver, Deadlines deadlines, DeviceSlot slot, int generation,
              boolean scheduled) {
            this.device = device;
            this.scheduled = scheduled;
            this.driver = driver;
            this.deadlines = deadlines;
            this.slot = slot;
            this.generation = generation;
            this.startedAt = Instant.ofEpochMilli(scheduler.nowMillis());
            this.startNanos = System.nanoTime();
        }

        /** The deadline runs from here; the driver is called on its type's lane, so one that blocks stalls only its type. */
        void start() {
            inFlight.incrementAndGet();
            timer = scheduler.schedule(this::expire, deadlines.enforcedMs());
            scheduler.dispatch(driver.type(), this::callDriver);
        }

        private void callDriver() {
            if (done.get()) {
                return; // expired or abandoned while its lane was busy
            }
            CompletableFuture<CheckResult> f;
            try {
                f = driver.driver().check(device, Duration.ofMillis(deadlines.driverMs()));
            } catch (RuntimeException | LinkageError e) {
                fault("driver " + driver.type() + " threw " + describe(e));
                return;
            }
            if (f == null) {
                fault("driver " + driver.type() + " returned no result");
                return;
            }
            future = f;
            f.whenComplete(this::completed);
            if (done.get()) {
                f.cancel(true);
            }
        }

        private void completed(CheckResult r, Throwable ex) {
            if (ex != null) {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                if (!(cause instanceof CancellationException)) {
                    fault("driver " + driver.type() + " failed: " + describe(cause));
                }
            } else if (r == null) {
                fault("driver " + driver.type() + " completed with no result");
            } else {
                finish(r, false);
            }
        }

        private void expire() {
            fault("no result from driver " + driver.type() + " within " + deadlines.enforcedMs()
                    + " ms (deadline enforced by the collector)");
            CompletableFuture<CheckResult> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }

        private void fault(String why) {
            finish(CheckResult.unknown(startedAt, SecretScrubber.scrub(why, device)), true);
        }

        /** The device was redefined or removed: end without a result, and tell the driver to let go. */
        void abandon() {
            if (end()) {
                CompletableFuture<CheckResult> f = future;
                if (f != null) {
                    f.cancel(true);
                }
            }
        }

        private boolean end() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            TaskScheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            inFlight.decrementAndGet();
            return true;
        }

        private void finish(CheckResult result, boolean driverFault) {
            if (end()) {
                Outcome o = new Outcome(result, driverFault, (System.nanoTime() - startNanos) / 1e6);
                scheduler.execute(() -> sink.accept(o));
            }
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
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
        Check check = new Check(eff, driver, Deadlines.forDevice(eff, settings.defaultDeadlineMs()), null, 0,
                false);
        check.sink = o -> out.complete(o.result().withMetric(DRIVER_VERSION, driver.version()));
        check.start();
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

    private static DeviceState stateOf(DeviceSlot slot) {
        synchronized (slot) {
            return new DeviceState(slot.configured, slot.latest, slot.statusSince, slot.checks, slot.failures);
        }
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
        synchronized (durationLock) {
            return new CollectorStats(monitored, byStatus, checksTotal.sum(), checksFailed.sum(), inFlight.get(),
                    lastMs, averageMs);
        }
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
