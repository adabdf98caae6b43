package org.avmonitoring.agent.api.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * A maintenance window a device is in (since 1.1): it is still checked and reported, but its state changes page
 * no one.
 *
 * @param until  when the window ends
 * @param reason why, for a human (may be empty)
 * @param source "api" (started from the local API) or "site" (the site key {@code maintenance_windows})
 */
public record Maintenance(Instant until, String reason, String source) {
    public static final String API = "api";
    public static final String SITE = "site";

    public Maintenance {
        Objects.requireNonNull(until, "until");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(source, "source");
    }
}
