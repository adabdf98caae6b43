package org.avmonitoring.agent.reporter.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A reporter clock moved by the test: {@link #advance} runs the planned work each time it falls due, on the test's
 * thread. It counts the runs and the wake-ups (a {@link Plan#runBy} from outside a run that brought the plan forward:
 * what would wake the production thread), and tells what is planned.
 */
final class ManualClock implements ReporterClock {
    private long nanos;
    private LongSupplier work;
    private long plannedAt = NEVER;
    private int runs;
    private int wakeUps;

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return Instant.EPOCH.plusNanos(nanos);
    }

    @Override
    public synchronized Plan plan(LongSupplier task) {
        work = task;
        plannedAt = nanos;
        return new Plan() {
            @Override
            public void runBy(long at) {
                synchronized (ManualClock.this) {
                    if (at < plannedAt) {
                        plannedAt = at;
                        wakeUps++;
                    }
                }
            }

            @Override
            public void close() {
                synchronized (ManualClock.this) {
                    work = null;
                    plannedAt = NEVER;
                }
            }
        };
    }

    /** Moves time forward by {@code d}, running the work at each instant it is planned for (at once if overdue). */
    void advance(Duration d) {
        long end;
        synchronized (this) {
            end = nanos + d.toNanos();
        }
        int runsAtThisInstant = 0;
        while (true) {
            LongSupplier w;
            synchronized (this) {
                if (work == null || plannedAt > end) {
                    nanos = end;
                    return;
                }
                runsAtThisInstant = plannedAt <= nanos ? runsAtThisInstant + 1 : 1;
                if (runsAtThisInstant > 100) {
                    throw new AssertionError("the work keeps asking to run again at once (a busy loop)");
                }
                nanos = Math.max(nanos, plannedAt);
                plannedAt = NEVER;
                w = work;
                runs++;
            }
            long next = w.getAsLong();
            synchronized (this) {
                plannedAt = Math.min(plannedAt, next);
            }
        }
    }

    /** Runs what is due now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** When the next run is planned, in time since this clock's start ({@code null}: nothing planned). */
    synchronized Duration planned() {
        return plannedAt == NEVER ? null : Duration.ofNanos(plannedAt);
    }

    synchronized Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    synchronized int runs() {
        return runs;
    }

    synchronized int wakeUps() {
        return wakeUps;
    }
}
