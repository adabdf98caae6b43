package org.avmonitoring.agent.api.driver;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Completes a driver's checks whose deadline passed, for all of them with one thread instead of a timer per check.
 * The thread sleeps until the earliest deadline of a check still in flight, and not at all while none is: checks that
 * answer in time (nearly all) cost it no wake-up, since by the time the earliest deadline comes the checks started
 * around it have long answered and the next one still in flight was started a moment ago. An answered check lets go
 * of its future at once (its result is not kept alive until the sweeper passes), and the sweeper wakes once every
 * {@value #PURGE_EVERY} checks to drop those entries. Deadlines fire up to {@code resolutionMs} late (expiries close together are handled in one wake-up):
 * keep it well under the collector's own margin (a tenth of the deadline).
 */
public final class DeadlineSweeper implements AutoCloseable {
    static final int PURGE_EVERY = 1024;
    /** {@link #plan(long)}'s answer when no check is in flight: sleep until one arrives. */
    static final long NO_WAKE = Long.MAX_VALUE;

    /** A check in flight; its future and expiry are let go of as soon as the future completes. */
    private static final class Entry<T> {
        final long deadlineNanos;
        volatile CompletableFuture<T> future;
        volatile Supplier<? extends T> onExpiry;

        Entry(CompletableFuture<T> future, long deadlineNanos, Supplier<? extends T> onExpiry) {
            this.future = future;
            this.deadlineNanos = deadlineNanos;
            this.onExpiry = onExpiry;
        }

        void release() {
            future = null;
            onExpiry = null;
        }

        boolean answered() {
            CompletableFuture<T> f = future;
            return f == null || f.isDone();
        }

        void expire() {
            CompletableFuture<T> f = future;
            Supplier<? extends T> s = onExpiry;
            if (f == null || s == null) {
                return; // answered meanwhile
            }
            try {
                f.complete(s.get());
            } catch (RuntimeException ex) {
                f.completeExceptionally(ex);
            }
        }
    }

    private final Queue<Entry<?>> inFlight = new ConcurrentLinkedQueue<>();
    private final AtomicInteger addedSincePurge = new AtomicInteger();
    private final long resolutionNanos;
    private final Runnable wake;
    private final Thread thread;
    private volatile boolean open = true;
    /** Set by {@link #expireAt} after adding: the thread sweeps again instead of sleeping on a plan made without it. */
    private volatile boolean added;
    /** The thread's plan: sleep without end, or until {@link #wakeAt} (nanoTime). Read by {@link #expireAt}. */
    private volatile boolean sleepsForever = true;
    private volatile long wakeAt;

    /** Starts the sweeping thread (a daemon named {@code threadName}). */
    public DeadlineSweeper(String threadName, long resolutionMs) {
        this.resolutionNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, resolutionMs));
        this.thread = new Thread(this::run, threadName);
        this.wake = () -> LockSupport.unpark(thread);
        thread.setDaemon(true);
        thread.start();
    }

    /** Without a thread, for tests: they call {@link #plan(long)} themselves and count the wake-ups asked for. */
    DeadlineSweeper(long resolutionMs, Runnable wake) {
        this.resolutionNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, resolutionMs));
        this.thread = null;
        this.wake = wake;
    }

    /**
     * Completes {@code future} with {@code onExpiry.get()} once {@code deadlineNanos} ({@link System#nanoTime()})
     * passes, unless it completed before. After {@link #close()} the future is left alone.
     */
    public <T> void expireAt(CompletableFuture<T> future, long deadlineNanos, Supplier<? extends T> onExpiry) {
        if (!open) {
            return;
        }
        Entry<T> entry = new Entry<>(future, deadlineNanos, onExpiry);
        inFlight.add(entry);
        future.whenComplete((r, t) -> entry.release());
        added = true;
        // Written before 'added' is read by the thread, the plan read here is either the one that saw this entry or
        // one made before it, which the thread then replaces without sleeping on it.
        if (sleepsForever || deadlineNanos - wakeAt < 0 || addedSincePurge.incrementAndGet() >= PURGE_EVERY) {
            wake.run();
        }
    }

    private void run() {
        while (open) {
            added = false;
            long now = System.nanoTime();
            long next = plan(now);
            if (added || !open) {
                continue;
            }
            if (next == NO_WAKE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, next - now);
            }
        }
    }

    /**
     * Expires the checks whose deadline passed at {@code now}, drops the answered ones, and publishes when the thread
     * must wake next: the earliest deadline still pending, at least a resolution from now; {@link #NO_WAKE} when none.
     */
    long plan(long now) {
        addedSincePurge.set(0);
        boolean pending = false;
        long earliest = 0;
        for (Iterator<Entry<?>> it = inFlight.iterator(); it.hasNext(); ) {
            Entry<?> e = it.next();
            if (e.answered()) {
                it.remove();
            } else if (now - e.deadlineNanos >= 0) {
                it.remove();
                e.expire();
            } else if (!pending || e.deadlineNanos - earliest < 0) {
                earliest = e.deadlineNanos;
                pending = true;
            }
        }
        if (!pending) {
            sleepsForever = true;
            return NO_WAKE;
        }
        long next = earliest - now < resolutionNanos ? now + resolutionNanos : earliest;
        wakeAt = next;
        sleepsForever = false;
        return next;
    }

    /** Stops the thread; checks still in flight are not completed by it any more. */
    @Override
    public void close() {
        open = false;
        wake.run();
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        inFlight.clear();
    }
}
