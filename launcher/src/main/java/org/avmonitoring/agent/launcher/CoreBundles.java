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
import java.util.function.Function;
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
 * upgrade the shipped bundles always win over stale cached ones. A bundle installed from elsewhere (hot deploy) with
 * the name and version of a shipped jar is uninstalled: the shipped one wins, and the framework starts.
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
        return header(jar, Constants.BUNDLE_VERSION, v -> Version.parseVersion(v == null ? null : v.trim()).toString());
    }

    /** "symbolic-name version", as {@link #identity(Bundle)} says it of an installed bundle. */
    private static String identity(Path jar) throws IOException {
        String name = header(jar, Constants.BUNDLE_SYMBOLICNAME, n -> n == null ? "" : n.split(";", 2)[0].trim());
        return name + " " + bundleVersion(jar);
    }

    private static String identity(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion();
    }

    private static String header(Path jar, String name, Function<String, String> parse) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            return parse.apply(m == null ? null : m.getMainAttributes().getValue(name));
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
        Map<String, Bundle> others = new HashMap<>();
        for (Bundle b : ctx.getBundles()) {
            if (b.getBundleId() != 0 && !b.getLocation().startsWith(prefix)) {
                others.put(identity(b), b);
            }
        }
        for (Map.Entry<Integer, List<Path>> level : byLevel().entrySet()) {
            for (Path jar : level.getValue()) {
                uninstallCopy(others.get(identity(jar)), jar);
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

    /**
     * A bundle with the name and version of a shipped jar (a hot-deployed copy adopted into the cache) would make the
     * framework refuse the shipped jar, and the agent would not start again: the shipped one wins.
     */
    private void uninstallCopy(Bundle copy, Path shipped) throws BundleException {
        if (copy != null) {
            log.warn("uninstalling " + identity(copy) + " from " + copy.getLocation() + ": a copy of the shipped "
                    + bundlesDir.relativize(shipped) + " (the shipped one is kept)");
            copy.uninstall();
        }
    }
}
