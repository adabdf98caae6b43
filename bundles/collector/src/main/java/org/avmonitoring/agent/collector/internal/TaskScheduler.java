package org.avmonitoring.agent.collector.internal;

/**
 * Time and timers as the collector sees them. Production uses one clock thread ({@link ClockScheduler}); unit tests
 * use a manual implementation and move time forward without sleeping.
 */
interface TaskScheduler {

    /** Wall-clock time in epoch milliseconds. */
    long nowMillis();

    /** Runs {@code task} on the collector's thread after {@code delayMs} (at once when not positive). */
    Cancellable schedule(Runnable task, long delayMs);

    /** Runs {@code task} soon on the collector's thread. */
    void execute(Runnable task);

    /**
     * Runs {@code task} on the thread of {@code lane} (one per driver type), in submission order. A lane whose task
     * blocks holds up only its own later tasks, never the collector's thread or another lane.
     */
    void dispatch(String lane, Runnable task);

    /** A pending timer. Cancelling one that already ran or was cancelled does nothing. */
    interface Cancellable {
        void cancel();
    }
}
