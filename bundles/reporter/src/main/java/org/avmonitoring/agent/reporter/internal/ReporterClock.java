package org.avmonitoring.agent.reporter.internal;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

/**
 * Time as the reporter's sealing side sees it: the report cadence, the status-change delay and the periodic tick.
 * Production uses the system clock and a sealing thread ({@link #system()}); unit tests move time forward by hand and
 * run each tick themselves, so that "nothing happened" is asserted without sleeping.
 */
interface ReporterClock {

    long nanoTime();

    Instant now();

    /** Runs {@code tick} every {@code periodMs} on one thread; the returned action stops it (and waits for a tick). */
    Runnable every(long periodMs, Runnable tick);

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
            public Runnable every(long periodMs, Runnable tick) {
                ScheduledExecutorService sealer =
                        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "avmonitoring-reporter-seal"));
                sealer.scheduleWithFixedDelay(tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
                return () -> {
                    sealer.shutdown();
                    try {
                        if (!sealer.awaitTermination(10, TimeUnit.SECONDS)) {
                            LoggerFactory.getLogger(Reporter.class).warn("backend link: sealing thread still busy after 10 s");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
            }
        };
    }
}
