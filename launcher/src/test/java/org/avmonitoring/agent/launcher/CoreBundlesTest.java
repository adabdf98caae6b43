package org.avmonitoring.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
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

    /**
     * The state the operator reached: a hot-deployed copy of a shipped driver, adopted into the cache under
     * a deploy/ location while the shipped one was gone. The shipped jar must still install (the copy goes), not fail
     * every start with "symbolic name and version are not unique".
     */
    @Test
    void aCachedCopyOfAShippedBundleGivesWayToTheShippedOne() throws Exception {
        Path bundles = dir.resolve("bundles");
        Path cache = dir.resolve("felix-cache");
        Path driver = jar(dir.resolve("deploy/driver-copy.jar"), "test.driver", "1.0.0", Map.of());
        Files.createDirectories(bundles.resolve("3"));
        try (Run first = new Run(bundles, cache)) {
            try (InputStream in = Files.newInputStream(driver)) {
                first.fw.getBundleContext().installBundle(driver.toUri().toString(), in);
            }
        }
        Files.copy(driver, bundles.resolve("3/driver-1.0.0.jar"));
        try (Run second = new Run(bundles, cache)) {
            assertEquals(List.of(bundles.resolve("3/driver-1.0.0.jar").toUri().toString()), second.locations("test.driver"));
            assertTrue(second.log().contains("uninstalling test.driver 1.0.0 from " + driver.toUri()
                    + ": a copy of the shipped 3/driver-1.0.0.jar"), second.log());
        }
    }

    /**
     * FileInstall given a copy of a shipped bundle adopted the shipped one, and deleting the copy uninstalled the
     * shipped driver. The copy is refused with a line that says why, and deleting it leaves the shipped one alone.
     */
    @Test
    void hotDeployNeverAdoptsNorRemovesAShippedBundle() throws Exception {
        Path bundles = dir.resolve("bundles");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path shipped = jar(bundles.resolve("3/driver-1.0.0.jar"), "test.driver", "1.0.0", Map.of());
        String shippedLocation = shipped.toUri().toString();
        Path copy = Files.copy(shipped, deploy.resolve("driver-copy.jar"));
        // In the same scan as the copy: once it is processed, so is the copy.
        Path marker = jar(deploy.resolve("marker.jar"), "test.marker", "1.0.0", Map.of());
        Map<String, String> fileInstall = Map.of("felix.fileinstall.dir", deploy.toString(),
                "felix.fileinstall.poll", "50", "felix.fileinstall.noInitialDelay", "true",
                Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "5");
        try (Run run = new Run(bundles, dir.resolve("felix-cache"), fileInstall)) {
            run.fw.start();
            Path fileInstallJar = Path.of(ArtifactInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (InputStream in = Files.newInputStream(fileInstallJar)) {
                run.fw.getBundleContext().installBundle(fileInstallJar.toUri().toString(), in).start();
            }
            run.await(() -> !run.locations("test.marker").isEmpty(), "the marker installed");
            assertEquals(List.of(shippedLocation), run.locations("test.driver"));
            assertTrue(run.log().contains("refused a hot-deployed copy of test.driver 1.0.0"), run.log());

            Files.delete(copy);
            Files.delete(marker);
            run.await(() -> run.locations("test.marker").isEmpty(), "the marker uninstalled");
            assertEquals(List.of(shippedLocation), run.locations("test.driver"), "the shipped driver is still there");
        }
    }

    /** One start of the launcher's framework on {@code cache}: init, guard and sync, as {@code Agent.run} does. */
    private static final class Run implements AutoCloseable {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Framework fw;

        Run(Path bundles, Path cache) throws Exception {
            this(bundles, cache, Map.of());
        }

        Run(Path bundles, Path cache, Map<String, String> properties) throws Exception {
            Map<String, String> props = new HashMap<>(properties);
            props.put(Constants.FRAMEWORK_STORAGE, cache.toString());
            props.put("org.osgi.framework.bsnversion", "managed");
            fw = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(props);
            fw.init();
            Logger log = new Logger(new PrintStream(out, true, StandardCharsets.UTF_8), false);
            ShippedBundleGuard.register(fw.getBundleContext(), bundles, log);
            new CoreBundles(bundles, log).sync(fw.getBundleContext());
        }

        List<String> locations(String symbolicName) {
            return Arrays.stream(fw.getBundleContext().getBundles())
                    .filter(b -> symbolicName.equals(b.getSymbolicName())).map(Bundle::getLocation).toList();
        }

        void await(BooleanSupplier condition, String what) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!condition.getAsBoolean()) {
                assertTrue(System.nanoTime() < end, what + " within 20 s\n" + log());
                Thread.sleep(20);
            }
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
