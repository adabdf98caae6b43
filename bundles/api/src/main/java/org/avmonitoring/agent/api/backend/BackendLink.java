package org.avmonitoring.agent.api.backend;

import org.osgi.annotation.versioning.ProviderType;

/** Provided by the reporter. */
@ProviderType
public interface BackendLink {
    BackendLinkStatus status();
}
