package org.avmonitoring.agent.api.backend;

import java.time.Instant;

/**
 * @param state           see {@link State}
 * @param lastSuccess     last 2xx answer to an ingest, null if none yet
 * @param lastAttempt     last send attempt
 * @param lastError       why the last attempt failed, null after a success; never contains the token
 * @param batchesBuffered batches on disk waiting to be sent
 * @param bytesBuffered   their size on disk
 * @param batchesDropped  batches dropped because the outbox reached its cap, since the agent started
 */
public record BackendLinkStatus(State state, Instant lastSuccess, Instant lastAttempt, String lastError,
                                long batchesBuffered, long bytesBuffered, long batchesDropped) {

    public enum State {
        /** No backend URL configured: standalone. */
        DISABLED,
        /** The last attempt succeeded. */
        CONNECTED,
        /** The last attempt failed (unreachable, timeout, 5xx, 429): retrying with backoff. */
        DISCONNECTED,
        /** The backend refused the site token (401/403). */
        UNAUTHORIZED
    }
}
