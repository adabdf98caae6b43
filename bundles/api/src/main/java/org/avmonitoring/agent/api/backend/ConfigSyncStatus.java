package org.avmonitoring.agent.api.backend;

import java.time.Instant;

/**
 * @param lastAttempt when the backend was last asked, null if never
 * @param lastSuccess last answer that was valid (applied or unchanged)
 * @param lastChange  last time a backend configuration was applied
 * @param lastError   why the last attempt failed or was rejected, null after a success
 * @param appliedMd5  MD5 of the last applied backend configuration
 */
public record ConfigSyncStatus(Instant lastAttempt, Instant lastSuccess, Instant lastChange, String lastError,
                               String appliedMd5) {
}
