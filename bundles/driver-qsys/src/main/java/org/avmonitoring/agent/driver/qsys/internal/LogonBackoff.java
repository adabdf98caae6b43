package org.avmonitoring.agent.driver.qsys.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.avmonitoring.agent.api.CheckResult;

/**
 * Keeps a Core that refused our credentials from being asked again at every poll: after a failed logon the Core is
 * left alone for 5 minutes, then 10, 20… up to an hour, as long as the credentials stay the same. New credentials,
 * a successful poll or {@link #forget} lift it. Only a fingerprint of the credentials is kept.
 */
final class LogonBackoff {
    static final long MIN_MS = 300_000;
    static final long MAX_MS = 3_600_000;

    private record Blocked(int credentials, long untilMs, long periodMs) {
    }

    private final Map<String, Blocked> blocked = new ConcurrentHashMap<>();

    /** When the device is blocked with these credentials: until when; else null. */
    Instant blockedUntil(String deviceId, QsysSettings s, long nowMs) {
        Blocked b = blocked.get(deviceId);
        return b != null && b.credentials == fingerprint(s) && nowMs < b.untilMs ? Instant.ofEpochMilli(b.untilMs) : null;
    }

    /** Records the outcome of a poll that reached the Core. */
    void polled(String deviceId, QsysSettings s, CheckResult result, long nowMs) {
        if (result.error() != null && result.error().startsWith(QrcPoll.AUTH_FAILED)) {
            blocked.compute(deviceId, (id, b) -> {
                long period = b == null || b.credentials != fingerprint(s) ? MIN_MS : Math.min(2 * b.periodMs, MAX_MS);
                return new Blocked(fingerprint(s), nowMs + period, period);
            });
        } else {
            blocked.remove(deviceId);
        }
    }

    void forget(String deviceId) {
        blocked.remove(deviceId);
    }

    private static int fingerprint(QsysSettings s) {
        return Objects.hash(s.username(), s.password());
    }
}
