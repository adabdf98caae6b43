package org.avmonitoring.agent.reporter.internal;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Time as the reporter's sealing side sees it: the report cadence, the status-change delay and the planned runs of the
 * sealing work. Production uses the system clock and a sealing thread ({@link #system()}); unit tests move time forward
 * by hand, run what falls due themselves and read what is planned, so that "nothing happened" and "nothing will happen
 * before the cadence" are asserted without sleeping.
 */
interface ReporterClock {

    /** "Nothing planned", as a {@link #nanoTime} instant. */
    long NEVER = Long.MAX_VALUE;

    long nanoTime();

    Instant now();

    /**
     * Runs {@code work} on one thread: first at once, then at the {@link #nanoTime} instant each run returns
     * ({@link #NEVER}: not until asked), or earlier when {@link Plan#runBy} asks for it.
     */
    Plan plan(LongSupplier work);

    /** The planned runs of one piece of work. */
    interface Plan extends AutoCloseable {

        /** Brings the next run forward to {@code nanos}; when it is already planned by then, does nothing (no wake-up). */
        void runBy(long nanos);

        /** No more runs; waits for one under way. */
        @Override
        void close();
    }

    static ReporterClock system() {
        return new ReporterClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public Plan plan(LongSupplier work) {
                return new SealingThread("avmonitoring-reporter-seal", work);
            }
        };
    }
}
