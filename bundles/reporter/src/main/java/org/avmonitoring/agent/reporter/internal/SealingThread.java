package org.avmonitoring.agent.reporter.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.slf4j.LoggerFactory;

/**
 * The production {@link ReporterClock.Plan}: one thread that sleeps until the planned instant. Another thread wakes it
 * only to plan an earlier run than the one it sleeps towards, so an idle reporter wakes at its cadence and nothing
 * else (a fixed-period tick woke it five times a second whether or not there was anything to do).
 */
final class SealingThread implements ReporterClock.Plan {
    private final LongSupplier work;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition planChanged = lock.newCondition();
    /** When the next run starts ({@link ReporterClock#NEVER}: none); guarded by {@code lock}. */
    private long plannedAt;
    private boolean stopped;

    SealingThread(String name, LongSupplier work) {
        this.work = work;
        this.plannedAt = System.nanoTime();
        this.thread = new Thread(this::loop, name);
        thread.start();
    }

    @Override
    public void runBy(long nanos) {
        lock.lock();
        try {
            if (nanos < plannedAt) {
                plannedAt = nanos;
                planChanged.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            stopped = true;
            planChanged.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LoggerFactory.getLogger(Reporter.class).warn("backend link: sealing thread still busy after 10 s");
        }
    }

    private void loop() {
        while (awaitPlannedRun()) {
            // a run asked for while this one went on is kept: runBy only ever brings the plan forward
            runBy(work.getAsLong());
        }
    }

    /**
     * Sleeps until the planned instant, then clears the plan (what is asked for from now on is not yet done); false
     * once stopped.
     */
    private boolean awaitPlannedRun() {
        lock.lock();
        try {
            while (!stopped) {
                if (plannedAt == ReporterClock.NEVER) {
                    planChanged.await();
                    continue;
                }
                // compared before subtracting: a plan far in the past (Long.MIN_VALUE: "as soon as possible") must not
                // overflow into a wait of centuries
                long now = System.nanoTime();
                if (plannedAt <= now) {
                    plannedAt = ReporterClock.NEVER;
                    return true;
                }
                planChanged.awaitNanos(plannedAt - now);
            }
            return false;
        } catch (InterruptedException e) {
            return false; // nobody else interrupts this thread: taken as a stop
        } finally {
            lock.unlock();
        }
    }
}
