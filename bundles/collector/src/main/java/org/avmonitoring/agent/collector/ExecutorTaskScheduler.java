package org.avmonitoring.agent.collector;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's few threads: every timer (one pending per device, plus one per check in flight) lives in one
 * {@link ScheduledThreadPoolExecutor}, whose delay queue costs O(log n) per timer, so 10,000 devices need no more
 * threads than 100. Cancelled timers are removed at once so that rescheduling does not pile up garbage.
 */
final class ExecutorTaskScheduler implements TaskScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorTaskScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    ExecutorTaskScheduler(int threads) {
        AtomicInteger n = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "avmonitoring-collector-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void setThreads(int threads) {
        executor.setCorePoolSize(Math.max(1, threads));
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMs) {
        if (executor.isShutdown()) {
            return () -> { };
        }
        ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(guarded(task));
        }
    }

    /** A task that throws would otherwise vanish silently inside the executor's future. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("collector task failed", e);
            }
        };
    }

    void shutdown() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("collector threads still running 5 s after shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
