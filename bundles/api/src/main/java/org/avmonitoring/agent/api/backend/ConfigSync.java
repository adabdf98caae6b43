package org.avmonitoring.agent.api.backend;

import org.osgi.annotation.versioning.ProviderType;

/** Provided by config-sync. */
@ProviderType
public interface ConfigSync {
    ConfigSyncStatus status();
}
