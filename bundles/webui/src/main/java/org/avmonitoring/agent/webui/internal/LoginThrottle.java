package org.avmonitoring.agent.webui.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins per source address: after {@link #MAX_FAILURES} in a row a source waits {@link #LOCKOUT} before it
 * may try again. The state is bounded: at most {@link #MAX_SOURCES} sources are remembered, the least recently seen
 * forgotten first.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofSeconds(30);
    static final int MAX_SOURCES = 256;

    private record Failures(int inARow, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> bySource = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds {@code source} must still wait before a login attempt; 0 when it may try now. */
    synchronized long waitSeconds(String source) {
        Failures f = bySource.get(source);
        Instant now = clock.instant();
        if (f == null || !now.isBefore(f.lockedUntil())) {
            return 0;
        }
        return Math.max(1, Duration.between(now, f.lockedUntil()).toSeconds());
    }

    /** Records a failed login; answers how many in a row {@code source} has failed. */
    synchronized int failed(String source) {
        Failures f = bySource.getOrDefault(source, new Failures(0, Instant.MIN));
        int inARow = f.inARow() + 1;
        Instant lockedUntil = inARow % MAX_FAILURES == 0 ? clock.instant().plus(LOCKOUT) : f.lockedUntil();
        bySource.put(source, new Failures(inARow, lockedUntil));
        return inARow;
    }

    synchronized void succeeded(String source) {
        bySource.remove(source);
    }

    synchronized int sources() {
        return bySource.size();
    }
}
