package org.avmonitoring.agent.reporter.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A reporter clock moved by the test: {@link #advance} runs every tick that falls due, on the test's thread. */
final class ManualClock implements ReporterClock {
    private long nanos;
    private long periodNanos;
    private long nextTick;
    private Runnable tick;
    private int ticks;

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return Instant.EPOCH.plusNanos(nanos);
    }

    @Override
    public synchronized Runnable every(long periodMs, Runnable task) {
        periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
        nextTick = nanos + periodNanos;
        tick = task;
        return () -> {
            synchronized (this) {
                tick = null;
            }
        };
    }

    /** Moves time forward by {@code d}, running each tick at its instant. */
    void advance(Duration d) {
        long end;
        synchronized (this) {
            end = nanos + d.toNanos();
        }
        while (true) {
            Runnable t;
            synchronized (this) {
                if (tick == null || nextTick > end) {
                    nanos = end;
                    return;
                }
                nanos = nextTick;
                nextTick += periodNanos;
                t = tick;
                ticks++;
            }
            t.run();
        }
    }

    synchronized int ticks() {
        return ticks;
    }
}
