package org.avmonitoring.agent.driver.pjlink.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the driver remembers about one device between polls: its class (asked once), its identity fields (read
 * once an hour) and the authentication back-off. Touched only on the I/O thread.
 */
final class DeviceMemory {
    static final long IDENTITY_MAX_AGE_MS = 3_600_000;
    static final long AUTH_BACKOFF_MIN_MS = 300_000;
    static final long AUTH_BACKOFF_MAX_MS = 3_600_000;

    final String endpoint;
    int deviceClass;
    Map<String, Object> identity = Map.of();
    long identityReadAtMs = Long.MIN_VALUE;
    /** Answers to the detail commands of the last poll that asked them (see {@link PjLinkPoll}), frozen. */
    Map<String, Object> details = Map.of();
    long detailsReadAtMs = Long.MIN_VALUE;
    /** Power state at the last poll: a change asks the details again at once. */
    String power;
    long authBlockedUntilMs;
    long authBackoffMs;
    int authPasswordFingerprint;
    /** Quirks already logged for this device, so a device that always says {@code Class 1} logs it once. */
    final Set<String> loggedAnomalies = new HashSet<>();

    DeviceMemory(String endpoint) {
        this.endpoint = endpoint;
    }

    boolean detailsStale(long nowMs, long refreshMs) {
        return detailsReadAtMs == Long.MIN_VALUE || nowMs - detailsReadAtMs >= refreshMs;
    }

    boolean identityStale(long nowMs) {
        return identityReadAtMs == Long.MIN_VALUE || nowMs - identityReadAtMs >= IDENTITY_MAX_AGE_MS;
    }

    /** True while a recent ERRA with the same password forbids contacting the device. */
    boolean authBlocked(long nowMs, int passwordFingerprint) {
        return nowMs < authBlockedUntilMs && passwordFingerprint == authPasswordFingerprint;
    }

    void authFailed(long nowMs, int passwordFingerprint) {
        authBackoffMs = authBackoffMs == 0 ? AUTH_BACKOFF_MIN_MS : Math.min(authBackoffMs * 2, AUTH_BACKOFF_MAX_MS);
        authBlockedUntilMs = nowMs + authBackoffMs;
        authPasswordFingerprint = passwordFingerprint;
    }

    void authSucceeded() {
        authBackoffMs = 0;
        authBlockedUntilMs = 0;
    }
}
