package org.avmonitoring.agent.api.config;

import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard: register one to be told, after the file is written, that the configuration changed. */
@ConsumerType
public interface ConfigListener {

    /** Called on a config thread after each accepted change; {@code previous} is the state before it. Must not block. */
    void configChanged(SiteConfig previous, SiteConfig current);
}
