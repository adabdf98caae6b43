package org.avmonitoring.agent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Installs the installation's own bundles, {@code bundles/<start level>/*.jar}, into a framework whose cache survives
 * restarts (so that bundles hot-deployed or updated at runtime stay). A jar whose version differs from its cached
 * copy, or whose file is newer, is updated,
 * and a cached core bundle whose jar is gone (replaced by an upgrade under another name) is uninstalled: after an
 * upgrade the shipped bundles always win over stale cached ones.
 */
final class CoreBundles {
    private final Path bundlesDir;
    private final Logger log;

    CoreBundles(Path bundlesDir, Logger log) {
        this.bundlesDir = bundlesDir;
        this.log = log;
    }

    /** Jars by start level, from the folder names. */
    Map<Integer, List<Path>> byLevel() throws IOException {
        Map<Integer, List<Path>> out = new TreeMap<>();
        try (DirectoryStream<Path> levels = Files.newDirectoryStream(bundlesDir)) {
            for (Path level : levels) {
                int n;
                try {
                    n = Integer.parseInt(level.getFileName().toString());
                } catch (NumberFormatException e) {
                    throw new IOException(level + ": folders under bundles/ must be named by start level (1, 2, ...)");
                }
                List<Path> jars = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(level, "*.jar")) {
                    ds.forEach(jars::add);
                }
                jars.sort(null);
                out.put(n, jars);
            }
        }
        return out;
    }

    /** The jar's Bundle-Version, normalised as the framework prints it. */
    private static String bundleVersion(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String v = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            return Version.parseVersion(v == null ? null : v.trim()).toString();
        }
    }

    int maxLevel() throws IOException {
        return byLevel().keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** Brings the framework's installed core bundles in line with the folder, and marks each to start at its level. */
    void sync(BundleContext ctx) throws IOException, BundleException {
        String prefix = bundlesDir.toUri().toString();
        Map<String, Bundle> cached = new HashMap<>();
        for (Bundle b : ctx.getBundles()) {
            if (b.getLocation().startsWith(prefix)) {
                cached.put(b.getLocation(), b);
            }
        }
        for (Map.Entry<Integer, List<Path>> level : byLevel().entrySet()) {
            for (Path jar : level.getValue()) {
                String location = jar.toUri().toString();
                Bundle b = cached.remove(location);
                if (b == null) {
                    try (InputStream in = Files.newInputStream(jar)) {
                        b = ctx.installBundle(location, in);
                    }
                } else if (!b.getVersion().toString().equals(bundleVersion(jar))
                        || Files.getLastModifiedTime(jar).toMillis() > b.getLastModified()) {
                    log.info("updating cached bundle " + b.getSymbolicName() + " " + b.getVersion() + " from "
                            + jar.getFileName());
                    try (InputStream in = Files.newInputStream(jar)) {
                        b.update(in);
                    }
                }
                b.adapt(BundleStartLevel.class).setStartLevel(level.getKey());
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start(Bundle.START_ACTIVATION_POLICY);
                }
            }
        }
        for (Bundle stale : cached.values()) {
            log.info("uninstalling " + stale.getSymbolicName() + " " + stale.getVersion()
                    + ": no longer shipped in " + bundlesDir);
            stale.uninstall();
        }
    }
}
