package org.avmonitoring.agent.configsync;

import java.time.Duration;

import org.avmonitoring.agent.reporter.shared.HttpSettings;

/**
 * @param requestTimeout  one GET, connect to last byte
 * @param backoffMin      first retry after a failure; doubles with jitter, never beyond the sync interval
 * @param maxConfigBytes  a larger answer is refused (a backend bug must not fill the heap)
 */
record SyncOptions(Duration requestTimeout, Duration backoffMin, int maxConfigBytes, HttpSettings http) {
}
