package org.avmonitoring.agent.api.driver;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Completes a driver's checks whose deadline passed, for all of them with one thread that sweeps the checks in flight
 * every {@code resolutionMs}, instead of a timer per check. At hundreds of checks a second a timer per check means a
 * scheduling and a thread wake-up per check; the sweep costs a few wake-ups a second and sleeps when nothing is in
 * flight. Deadlines therefore fire up to one resolution late: keep it well under the collector's own margin (a tenth
 * of the deadline).
 */
public final class DeadlineSweeper implements AutoCloseable {
    private record Entry<T>(CompletableFuture<T> future, long deadlineNanos, Supplier<? extends T> onExpiry) {
    }

    private final Queue<Entry<?>> inFlight = new ConcurrentLinkedQueue<>();
    private final long resolutionNanos;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile boolean idle;

    /** Starts the sweeping thread (a daemon named {@code threadName}). */
    public DeadlineSweeper(String threadName, long resolutionMs) {
        this.resolutionNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, resolutionMs));
        thread = new Thread(this::sweep, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Completes {@code future} with {@code onExpiry.get()} once {@code deadlineNanos} ({@link System#nanoTime()})
     * passes, unless it completed before. After {@link #close()} the future is left alone.
     */
    public <T> void expireAt(CompletableFuture<T> future, long deadlineNanos, Supplier<? extends T> onExpiry) {
        if (!open) {
            return;
        }
        inFlight.add(new Entry<>(future, deadlineNanos, onExpiry));
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    private void sweep() {
        while (open) {
            if (inFlight.isEmpty()) {
                idle = true;
                if (inFlight.isEmpty() && open) { // added before the flag was seen: do not sleep on it
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            long now = System.nanoTime();
            for (Iterator<Entry<?>> it = inFlight.iterator(); it.hasNext(); ) {
                Entry<?> e = it.next();
                if (e.future().isDone()) {
                    it.remove();
                } else if (now - e.deadlineNanos() >= 0) {
                    it.remove();
                    expire(e);
                }
            }
            LockSupport.parkNanos(this, resolutionNanos);
        }
    }

    private static <T> void expire(Entry<T> e) {
        try {
            e.future().complete(e.onExpiry().get());
        } catch (RuntimeException ex) {
            e.future().completeExceptionally(ex);
        }
    }

    /** Stops the thread; checks still in flight are not completed by it any more. */
    @Override
    public void close() {
        open = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inFlight.clear();
    }
}
