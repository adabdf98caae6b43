package org.avmonitoring.agent.reporter.internal;

import java.time.Duration;

/**
 * The reporter's tunables (the Web Console form of {@link ReporterComponent.Config}, in typed form). How the backend
 * is reached (TLS, proxy, timeouts) is the backend HTTP service's configuration.
 *
 * @param outboxCapBytes     past this, the oldest stored batches are dropped
 * @param backoffMin         wait after the first failure; doubles per failure, with jitter
 * @param backoffMax         the longest wait between two attempts (unless the backend's Retry-After says more)
 * @param unauthorizedRetry  the wait after a 401/403: the token will not fix itself quickly
 * @param statusChangeDelay  a status change is reported this long after it is seen (to gather simultaneous ones)
 * @param maxBatchResults    a batch is sealed early when this many results are waiting
 */
record ReporterOptions(long outboxCapBytes, Duration backoffMin, Duration backoffMax, Duration unauthorizedRetry,
                       Duration statusChangeDelay, int maxBatchResults) {

    static ReporterOptions from(ReporterComponent.Config c) {
        return new ReporterOptions(Math.max(1, c.outbox_max_mb()) * 1024L * 1024L,
                Duration.ofMillis(Math.max(10, c.backoff_min_ms())),
                Duration.ofMillis(Math.max(10, c.backoff_max_ms())),
                Duration.ofSeconds(Math.max(1, c.unauthorized_retry_s())),
                Duration.ofMillis(Math.max(0, c.status_change_delay_ms())),
                Math.max(1, c.max_batch_results()));
    }
}
