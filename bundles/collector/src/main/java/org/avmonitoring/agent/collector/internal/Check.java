package org.avmonitoring.agent.collector.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;

/**
 * One call to a driver, with the collector's own deadline around it. Whatever the driver does (answers, throws,
 * returns null, completes exceptionally, never completes) the check finishes exactly once, and a driver that
 * misbehaved gets status unknown with an error saying how.
 */
final class Check {

    /** The end of one check: its result, whether the driver misbehaved, and how long it took. */
    record Outcome(CheckResult result, boolean driverFault, double durationMs) {
    }

    final Device device;
    final DriverRegistry.Entry driver;
    final int generation;
    /** Started by the device's own timer, not by a trigger or a "test now". */
    final boolean scheduled;
    private final Deadlines deadlines;
    private final TaskScheduler scheduler;
    private final CheckStats stats;
    private final BiConsumer<Check, Outcome> sink;
    private final AtomicBoolean done = new AtomicBoolean();
    private final Instant startedAt;
    private final long startNanos;
    private volatile CompletableFuture<CheckResult> future;
    private volatile TaskScheduler.Cancellable timer;

    /** {@code sink} gets the outcome on the collector's thread. */
    Check(Device device, DriverRegistry.Entry driver, Deadlines deadlines, int generation, boolean scheduled,
          TaskScheduler scheduler, CheckStats stats, BiConsumer<Check, Outcome> sink) {
        this.device = device;
        this.driver = driver;
        this.deadlines = deadlines;
        this.generation = generation;
        this.scheduled = scheduled;
        this.scheduler = scheduler;
        this.stats = stats;
        this.sink = sink;
        this.startedAt = Instant.ofEpochMilli(scheduler.nowMillis());
        this.startNanos = System.nanoTime();
    }

    /** The deadline runs from here; the driver is called on its type's lane, so one that blocks stalls only its type. */
    void start() {
        stats.started();
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
        finish(CheckResult.unknown(startedAt, SecretScrubber.scrub(why, device, driver.description())), true);
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
        stats.ended();
        return true;
    }

    private void finish(CheckResult result, boolean driverFault) {
        if (end()) {
            Outcome o = new Outcome(result, driverFault, (System.nanoTime() - startNanos) / 1e6);
            scheduler.execute(() -> sink.accept(this, o));
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
    }
}
