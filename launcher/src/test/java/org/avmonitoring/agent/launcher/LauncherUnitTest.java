package org.avmonitoring.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

class LauncherUnitTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheProductionPaths() {
        CommandLine c = CommandLine.parse(List.of());
        assertEquals(CommandLine.Mode.RUN, c.mode);
        assertEquals(Paths.get("/etc/avmonitoring/config.json"), c.config);
        assertEquals(Paths.get("/var/lib/avmonitoring"), c.dataDir);
        assertEquals(8080, c.httpPort);
        assertEquals(Paths.get("/etc/avmonitoring/credentials.properties"), c.credentials);
    }

    @Test
    void optionsAreParsedAndBadOnesNamed() {
        CommandLine c = CommandLine.parse(List.of("--config", "/x/c.json", "--data-dir", "/d", "--http-port", "9090"));
        assertEquals(Paths.get("/x/credentials.properties"), c.credentials);
        assertEquals(9090, c.httpPort);
        assertEquals(CommandLine.Mode.CHECK, CommandLine.parse(List.of("--check-config", "f.json")).mode);
        assertEquals("--http-port: \"0\" is not a port in 1..65535",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(List.of("--http-port", "0"))).getMessage());
        assertEquals("--config needs a value",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(List.of("--config"))).getMessage());
        assertEquals("unknown option \"--verbose\"",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(List.of("--verbose"))).getMessage());
    }

    @Test
    void placeholdersAreFilledAndUnknownOnesRefused() {
        assertEquals("/var/lib/x/deploy", Agent.substitute("${data.dir}/deploy", Map.of("data.dir", "/var/lib/x")));
        assertThrows(IllegalArgumentException.class, () -> Agent.substitute("${nope}", Map.of()));
    }

    @Test
    void consoleCredentialsAreHashedAndNeverDefaultWhenMissing() throws Exception {
        Path f = dir.resolve("credentials.properties");
        Files.writeString(f, "webconsole.username=ops\nwebconsole.password=plain-placeholder\nui.password=ui-placeholder\n");
        List<String> warnings = new ArrayList<>();
        Map<String, String> p = Credentials.frameworkProperties(f, warnings);
        assertEquals("ops", p.get("felix.webconsole.username"));
        assertEquals(Credentials.sha256("plain-placeholder"), p.get("felix.webconsole.password"));
        assertEquals(Credentials.sha256("ui-placeholder"), p.get("avmonitoring.ui.password"));
        assertTrue(warnings.isEmpty());

        Map<String, String> missing = Credentials.frameworkProperties(dir.resolve("absent"), warnings);
        assertEquals(1, warnings.size());
        assertTrue(missing.get("felix.webconsole.password").startsWith("{sha-256}"));
        assertFalse(missing.get("felix.webconsole.password").equals(Credentials.sha256("admin")));
        // Two starts without the file never share a password.
        assertFalse(missing.get("felix.webconsole.password").equals(
                Credentials.frameworkProperties(dir.resolve("absent"), new ArrayList<>()).get("felix.webconsole.password")));
    }

    @Test
    void theLogFileRotatesBySizeAndKeepsABoundedNumberOfFiles() throws Exception {
        Path log = dir.resolve("logs/agent.log");
        byte[] line = "0123456789012345678901234567890123456789012345678\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (RotatingLogFile f = new RotatingLogFile(log, 200, 2)) {
            for (int i = 0; i < 40; i++) {
                f.write(line, 0, line.length);
            }
        }
        assertTrue(Files.size(log) <= 200);
        assertTrue(Files.exists(dir.resolve("logs/agent.log.1")));
        assertTrue(Files.exists(dir.resolve("logs/agent.log.2")));
        assertFalse(Files.exists(dir.resolve("logs/agent.log.3")), "no more than 2 rotated files");
        assertEquals(Files.size(dir.resolve("logs/agent.log.1")) % line.length, 0, "lines are never split across files");
        assertEquals("--log-file-max-mb: \"0\" is not a size in MB in 1..1024", assertThrows(IllegalArgumentException.class,
                () -> CommandLine.parse(List.of("--log-file", "x", "--log-file-max-mb", "0"))).getMessage());
    }

    /**
     * The system bundle stands in for the slf4j-api bundle: it must export exactly the org.slf4j packages and versions
     * the slf4j-api jar of lib/ declares (checked again whenever the slf4j version changes).
     */
    @Test
    void theSystemBundleExportsWhatTheSlf4jApiJarExports() throws Exception {
        Properties conf = new Properties();
        try (Reader r = Files.newBufferedReader(Paths.get("../config/framework.properties"))) {
            conf.load(r);
        }
        Framework fw = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString(),
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, conf.getProperty(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA)));
        fw.init();
        try {
            Path api = Paths.get(Class.forName("org.slf4j.LoggerFactory", false, getClass().getClassLoader())
                    .getProtectionDomain().getCodeSource().getLocation().toURI());
            // Installed only to have Felix parse its Export-Package; never resolved.
            Bundle apiBundle = fw.getBundleContext().installBundle(api.toUri().toString());
            Set<String> shipped = slf4jExports(apiBundle);
            assertTrue(shipped.contains("org.slf4j 2.0.17"), "slf4j-api on the class path: " + shipped);
            assertEquals(shipped, slf4jExports(fw));
        } finally {
            fw.stop();
            fw.waitForStop(10_000);
        }
    }

    private static Set<String> slf4jExports(Bundle b) {
        Set<String> out = new TreeSet<>();
        for (BundleCapability c : b.adapt(BundleRevision.class).getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            Object pkg = c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            if (pkg.toString().startsWith("org.slf4j")) {
                out.add(pkg + " " + c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
            }
        }
        return out;
    }
}
