package org.avmonitoring.agent.configsync.internal;

import java.time.Duration;

/**
 * Config sync's tunables ({@link ConfigSyncComponent.Config}, in typed form). How the backend is reached (TLS, proxy,
 * timeouts) is the backend HTTP service's configuration.
 *
 * @param backoffMin      first retry after a failure; doubles with jitter, never beyond the sync interval
 * @param maxConfigBytes  a larger answer is refused (a backend bug must not fill the heap)
 */
record SyncOptions(Duration backoffMin, int maxConfigBytes) {

    static SyncOptions from(ConfigSyncComponent.Config c) {
        return new SyncOptions(Duration.ofSeconds(Math.max(1, c.backoff_min_s())), Math.max(1, c.max_config_kb()) * 1024);
    }
}
