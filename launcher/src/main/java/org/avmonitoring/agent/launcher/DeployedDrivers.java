package org.avmonitoring.agent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Makes the driver bundles of {@code <data>/deploy/} present when config.json is checked, at the check's start
 * level, so that a device of a hot-deployed type is validated by its driver at start-up and by
 * {@code --check-config} alike. FileInstall itself starts later (level 5) and installs deployed bundles at level 3
 * ({@code felix.fileinstall.start.level}); this covers what it cannot: a check with an empty bundle cache, and
 * bundles it cached at another level by an older installation.
 */
final class DeployedDrivers {
    private final Path deployDir;
    private final Logger log;

    DeployedDrivers(Path deployDir, Logger log) {
        this.deployDir = deployDir;
        this.log = log;
    }

    /**
     * Installs each {@code deploy/*.jar} not yet installed (with FileInstall's location, the file's URI, so that it
     * adopts them later) and marks every deployed bundle to start at {@code level}. A jar that does not install is
     * logged and skipped: the check then names its devices' type as having no driver.
     */
    void present(BundleContext ctx, int level) throws IOException {
        if (!Files.isDirectory(deployDir)) {
            return;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(deployDir, "*.jar")) {
            for (Path jar : jars) {
                String location = jar.toUri().normalize().toString();
                try {
                    Bundle b = ctx.getBundle(location);
                    if (b == null) {
                        try (InputStream in = Files.newInputStream(jar)) {
                            b = ctx.installBundle(location, in);
                        }
                    }
                    b.adapt(BundleStartLevel.class).setStartLevel(level);
                    b.start(Bundle.START_ACTIVATION_POLICY);
                } catch (BundleException | IllegalStateException e) {
                    log.warn(jar + ": not installed for the configuration check: " + e.getMessage());
                }
            }
        }
    }
}
