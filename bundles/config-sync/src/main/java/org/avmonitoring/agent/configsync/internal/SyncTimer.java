package org.avmonitoring.agent.configsync.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

/**
 * When the next sync runs. Production uses one thread ({@link #thread()}); unit tests run the planned sync by hand and
 * read the planned delay, so that "no request was made" is asserted without sleeping.
 */
interface SyncTimer extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}, in place of what was planned; nothing after {@link #close()}. */
    void plan(Runnable task, Duration delay);

    /** Cancels what is planned and waits for a running task. */
    @Override
    void close();

    static SyncTimer thread() {
        ScheduledExecutorService thread =
                Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "avmonitoring-config-sync"));
        return new SyncTimer() {
            private ScheduledFuture<?> next;

            @Override
            public synchronized void plan(Runnable task, Duration delay) {
                if (next != null) {
                    next.cancel(false);
                }
                if (!thread.isShutdown()) {
                    next = thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void close() {
                thread.shutdownNow();
                try {
                    if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                        LoggerFactory.getLogger(ConfigSyncer.class).warn("config sync: thread still busy after 10 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
