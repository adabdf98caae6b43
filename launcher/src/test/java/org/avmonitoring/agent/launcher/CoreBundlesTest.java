package org.avmonitoring.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * An upgrade that drops a core bundle (as jackson-databind was dropped for jackson-jr) run on the bundle cache of the
 * previous version: the dropped bundle is uninstalled, and the bundle that used it, updated, resolves without it.
 */
class CoreBundlesTest {
    @TempDir
    Path dir;

    @Test
    void aBundleNoLongerShippedIsUninstalledFromTheReusedCache() throws Exception {
        Path bundles = dir.resolve("bundles");
        Path cache = dir.resolve("felix-cache");
        Path library = jar(bundles.resolve("2/library-1.0.0.jar"), "test.library", "1.0.0",
                Map.of(Constants.EXPORT_PACKAGE, "test.library;version=1.0.0"));
        jar(bundles.resolve("3/user-1.0.0.jar"), "test.user", "1.0.0",
                Map.of(Constants.IMPORT_PACKAGE, "test.library;version=\"[1,2)\""));
        try (Run first = new Run(bundles, cache)) {
            assertEquals(List.of("test.library", "test.user"), first.installed());
            assertTrue(first.resolvesAll(), "the first version resolves");
        }

        Files.delete(library);
        Files.delete(bundles.resolve("3/user-1.0.0.jar"));
        jar(bundles.resolve("3/user-1.0.1.jar"), "test.user", "1.0.1", Map.of());
        try (Run second = new Run(bundles, cache)) {
            assertEquals(List.of("test.user"), second.installed(), "the dropped library is gone from the cache");
            assertTrue(second.resolvesAll(), "the updated user resolves without it");
            assertTrue(second.log().contains("uninstalling test.library 1.0.0: no longer shipped"), second.log());
        }
    }

    /** One start of the launcher's framework on {@code cache}: init and sync, as {@code Agent.run} does. */
    private static final class Run implements AutoCloseable {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Framework fw;

        Run(Path bundles, Path cache) throws Exception {
            fw = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                    .newFramework(Map.of(Constants.FRAMEWORK_STORAGE, cache.toString()));
            fw.init();
            new CoreBundles(bundles, new Logger(new PrintStream(out, true, StandardCharsets.UTF_8), false))
                    .sync(fw.getBundleContext());
        }

        List<String> installed() {
            return Arrays.stream(fw.getBundleContext().getBundles()).filter(b -> b.getBundleId() != 0)
                    .map(Bundle::getSymbolicName).sorted().toList();
        }

        boolean resolvesAll() {
            return fw.adapt(FrameworkWiring.class).resolveBundles(null);
        }

        String log() {
            return out.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            fw.stop();
            fw.waitForStop(10_000);
        }
    }

    private static Path jar(Path file, String symbolicName, String version, Map<String, String> headers)
            throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        a.putValue(Constants.BUNDLE_VERSION, version);
        headers.forEach(a::putValue);
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(os, m)) {
            jar.flush();
        }
        return file;
    }
}
