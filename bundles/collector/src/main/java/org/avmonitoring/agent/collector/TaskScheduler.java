package org.avmonitoring.agent.collector;

/**
 * Time and timers as the collector sees them. Production uses a small thread pool ({@link ExecutorTaskScheduler});
 * unit tests use a manual implementation and move time forward without sleeping.
 */
interface TaskScheduler {

    /** Wall-clock time in epoch milliseconds. */
    long nowMillis();

    /** Runs {@code task} on a collector thread after {@code delayMs} (at once when not positive). */
    Cancellable schedule(Runnable task, long delayMs);

    /** Runs {@code task} soon on a collector thread. */
    void execute(Runnable task);

    /** A pending timer. Cancelling one that already ran or was cancelled does nothing. */
    interface Cancellable {
        void cancel();
    }
}
