package org.avmonitoring.agent.api;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's writable data dir ({@code avmonitoring.data.dir}, set by the launcher), for every bundle that keeps state
 * across restarts (the reporter's outbox, config sync's applied MD5). It is the launcher's contract with the bundles,
 * not a backend or HTTP matter, so it lives with the other agent-wide helpers.
 */
public final class AgentDataDir {
    private static final Logger LOG = LoggerFactory.getLogger(AgentDataDir.class);

    private AgentDataDir() {
    }

    /** The data dir, or the bundle's own storage (with a warning) when the launcher did not set it. */
    public static Path of(BundleContext context) {
        String dir = context.getProperty("avmonitoring.data.dir");
        if (dir == null || dir.isBlank()) {
            Path fallback = context.getDataFile("").toPath();
            LOG.warn("avmonitoring.data.dir is not set: {} keeps its state in its bundle storage {}",
                    context.getBundle().getSymbolicName(), fallback);
            return fallback;
        }
        return Path.of(dir);
    }
}
