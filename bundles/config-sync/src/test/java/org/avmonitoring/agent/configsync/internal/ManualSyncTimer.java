package org.avmonitoring.agent.configsync.internal;

import java.time.Duration;

/** A sync timer the test runs by hand: it keeps what was planned last and when. */
final class ManualSyncTimer implements SyncTimer {
    private Runnable task;
    private Duration delay;

    @Override
    public synchronized void plan(Runnable t, Duration d) {
        task = t;
        delay = d;
    }

    /** The delay of the planned sync. */
    synchronized Duration delay() {
        return delay;
    }

    /** Runs the planned sync on the test's thread (it plans the next one). */
    void run() {
        Runnable t;
        synchronized (this) {
            t = task;
            task = null;
        }
        if (t == null) {
            throw new AssertionError("no sync planned");
        }
        t.run();
    }

    @Override
    public void close() {
    }
}
