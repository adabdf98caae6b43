package org.avmonitoring.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.avmonitoring.agent.testing.support.Peers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package built by jdeb in this module: control fields, file list with owners and modes, maintainer
 * scripts, and an installation into a throwaway root (dpkg -x, then what postinst does, with --root).
 */
class DebPackageIT {
    private static Path deb;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findPackage() throws IOException {
        Path dir = Path.of(System.getProperty("deb.dir", "target"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("avmonitoring-agent_.+_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one avmonitoring-agent_<version>_all.deb in " + dir + ": " + debs);
            deb = debs.get(0);
        }
    }

    private static String field(String name) {
        return Command.run(List.of("dpkg-deb", "--field", deb.toString(), name)).ok().out().strip();
    }

    @Test
    void controlFieldsNameTheAgentAndAJava17Runtime() throws IOException {
        assertEquals("avmonitoring-agent", field("Package"));
        assertEquals("all", field("Architecture"));
        String version = Files.readString(Layout.tree().resolve("VERSION")).strip().replace('-', '~');
        assertEquals(version, field("Version"));
        assertTrue(deb.getFileName().toString().equals("avmonitoring-agent_" + version + "_all.deb"), deb.toString());
        assertTrue(field("Depends").startsWith("openjdk-17-jre-headless | java17-runtime-headless"), field("Depends"));
        assertFalse(field("Maintainer").isEmpty());
        assertFalse(field("Description").isEmpty());
    }

    /** path -> "owner/group mode", from dpkg-deb --contents (tar's listing). */
    private static Map<String, String> contents() {
        Map<String, String> out = new TreeMap<>();
        for (String line : Command.run(List.of("dpkg-deb", "--contents", deb.toString())).ok().out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            String path = f[f.length - 1].replaceFirst("^\\./", "/").replaceFirst("/$", "");
            out.put(path.isEmpty() ? "/" : path, f[1] + " " + f[0]);
        }
        return out;
    }

    @Test
    void fileListIsTheInstallationTreeTheUnitAndTheDefaultsFileAllOwnedByRoot() throws IOException {
        Map<String, String> files = contents();
        Set<String> expected = new TreeSet<>();
        try (Stream<Path> tree = Files.walk(Layout.tree())) {
            tree.filter(p -> !p.equals(Layout.tree()))
                    .filter(p -> !p.startsWith(Layout.tree().resolve("scripts")) && !p.startsWith(Layout.tree().resolve("systemd")))
                    .forEach(p -> expected.add(Layout.OPT + "/" + Layout.tree().relativize(p)));
        }
        expected.addAll(List.of("/opt", Layout.OPT, Layout.OPT + "/scripts", Layout.OPT + "/scripts/install.sh",
                Layout.OPT + "/scripts/uninstall.sh", Layout.OPT + "/systemd",
                Layout.OPT + "/systemd/avmonitoring-agent.service", Layout.OPT + "/systemd/avmonitoring-agent.default",
                "/lib", "/lib/systemd", "/lib/systemd/system", "/lib/systemd/system/avmonitoring-agent.service",
                "/etc", "/etc/default", "/etc/default/avmonitoring-agent"));
        assertEquals(expected, files.keySet());
        // No configuration, credentials or data in the package: postinst creates them per site.
        files.forEach((path, ownerMode) -> assertTrue(ownerMode.startsWith("root/root "), path + " " + ownerMode));
        assertEquals("root/root -rwxr-xr-x", files.get(Layout.OPT + "/bin/avmonitoring-agent"));
        assertEquals("root/root -rwxr-xr-x", files.get(Layout.OPT + "/scripts/install.sh"));
        assertEquals("root/root -rw-r--r--", files.get("/lib/systemd/system/avmonitoring-agent.service"));
        assertEquals("root/root -rw-r--r--", files.get(Layout.OPT + "/lib/avmonitoring-launcher.jar"));
    }

    @Test
    void maintainerScriptsAreValidShellAndDoWhatInstallAndUninstallDo() throws IOException {
        Path control = tmp.resolve("control");
        Command.run(List.of("dpkg-deb", "--control", deb.toString(), control.toString())).ok();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path p = control.resolve(script);
            assertTrue(Files.isExecutable(p), script + " executable");
            Command.run(List.of("sh", "-n", p.toString())).ok();
        }
        assertEquals("/etc/default/avmonitoring-agent", Files.readString(control.resolve("conffiles")).strip());

        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("/opt/avmonitoring-agent/scripts/install.sh --packaged"), postinst);
        assertTrue(postinst.contains("deb-systemd-helper enable"), "enables the unit");
        assertTrue(postinst.contains("deb-systemd-invoke restart"), "restarts on upgrade");
        String prerm = Files.readString(control.resolve("prerm"));
        assertTrue(prerm.contains("deb-systemd-invoke stop avmonitoring-agent.service"), prerm);
        String postrm = Files.readString(control.resolve("postrm"));
        String purge = postrm.substring(postrm.indexOf("if [ \"$1\" = purge ]"));
        assertTrue(purge.contains("rm -rf /etc/avmonitoring /var/lib/avmonitoring /var/log/avmonitoring"), postrm);
        assertTrue(purge.contains("userdel avmonitoring"), postrm);
    }

    @Test
    void extractedIntoAThrowawayRootAndConfiguredItMatchesInstallSh() throws IOException {
        Path root = tmp.resolve("root");
        Command.run(List.of("dpkg", "-x", deb.toString(), root.toString())).ok();
        // What postinst runs, in the staging root.
        Command.run(List.of(root.resolve("opt/avmonitoring-agent/scripts/install.sh").toString(),
                "--packaged", "--root", root.toString())).ok();

        Map<String, String> expected = new TreeMap<>(Layout.EXPECTED_OWNERS);
        // Shipped by the package (root/root, checked above) rather than created by install.sh.
        expected.remove(Layout.OPT);
        expected.remove("/etc/default/avmonitoring-agent");
        expected.remove("/etc/systemd/system/avmonitoring-agent.service");
        assertEquals(expected, Layout.owners(root));
        expected.forEach((path, ownerMode) ->
                assertEquals(ownerMode.split(" ")[1], Layout.mode(root.resolve(path.substring(1))), path));
        assertTrue(Files.readString(root.resolve("etc/avmonitoring/config.json")).contains("\"site_token\": \"CHANGE-ME\""));
        assertFalse(Files.exists(root.resolve("etc/systemd/system")), "the package's unit is in /lib/systemd/system");

        // The unit the package installs verifies against what it installs.
        if (Peers.available(Command.onPath("systemd-analyze"), "systemd-analyze (Debian package systemd)")) {
            Files.createDirectories(root.resolve("usr/lib/systemd"));
            Command.run(List.of("cp", "-a", "/usr/lib/systemd/system", root.resolve("usr/lib/systemd/").toString())).ok();
            Command run = Command.run(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root,
                    "avmonitoring-agent.service"));
            assertEquals(0, run.exit(), run.err());
        }
    }
}
