package org.avmonitoring.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/install.sh and scripts/uninstall.sh in a staging root (--root): layout, modes, owners, update, removal. */
class InstallScriptTest {
    private static final String TOKEN = "tok-\"quoted\"\\back-CHANGE-ME-NOT";

    @TempDir
    Path tmp;

    private Path root() {
        return tmp.resolve("root");
    }

    private Command install(String... options) {
        List<String> args = new ArrayList<>(List.of(Layout.script("install.sh").toString(),
                "--root", root().toString(), "--from", Layout.tree().toString()));
        args.addAll(List.of(options));
        return Command.run(args);
    }

    private Command uninstall(String... options) {
        List<String> args = new ArrayList<>(List.of(Layout.script("uninstall.sh").toString(), "--root", root().toString()));
        args.addAll(List.of(options));
        return Command.run(args);
    }

    private Path tokenFile() throws IOException {
        Path f = tmp.resolve("token");
        Files.writeString(f, TOKEN + "\n");
        return f;
    }

    @Test
    void freshInstallCreatesTheLayoutWithItsModesAndRecordsTheOwners() throws IOException {
        install("--site-name", "Site A").ok();

        Map<String, String> owners = Layout.owners(root());
        assertEquals(new java.util.TreeMap<>(Layout.EXPECTED_OWNERS), owners);
        owners.forEach((path, ownerMode) -> assertEquals(ownerMode.split(" ")[1], Layout.mode(root().resolve(path.substring(1))),
                "mode of " + path));

        // Nothing outside the code but what the manifest lists (and the parent directories of those).
        Set<String> allowed = new HashSet<>(owners.keySet());
        for (String p : owners.keySet()) {
            for (Path parent = Path.of(p).getParent(); parent != null; parent = parent.getParent()) {
                allowed.add(parent.toString());
            }
        }
        allowed.add("/" + Layout.OWNERS_MANIFEST);
        try (Stream<Path> all = Files.walk(root())) {
            all.map(p -> Layout.systemPath(root(), p))
                    .filter(p -> !p.startsWith(Layout.OPT + "/") && !p.equals("/"))
                    .forEach(p -> assertTrue(allowed.contains(p), "unexpected " + p));
        }

        // The code: the whole tree, readable by all, writable by root only; executables are 755.
        Path opt = root().resolve(Layout.OPT.substring(1));
        for (String f : List.of("bin/avmonitoring-agent", "scripts/install.sh", "scripts/uninstall.sh")) {
            assertEquals("755", Layout.mode(opt.resolve(f)), f);
        }
        for (String f : List.of("VERSION", "lib/avmonitoring-launcher.jar", "conf/framework.properties",
                "systemd/avmonitoring-agent.service", "systemd/avmonitoring-agent.default")) {
            assertEquals("644", Layout.mode(opt.resolve(f)), f);
        }
        try (Stream<Path> code = Files.walk(opt)) {
            code.forEach(p -> {
                String m = Layout.mode(p);
                assertTrue(m.equals("755") || m.equals("644"), p + " has mode " + m);
            });
        }
        try (Stream<Path> jars = Files.walk(Layout.tree().resolve("bundles"))) {
            jars.filter(Files::isRegularFile).forEach(j -> assertTrue(
                    Files.isRegularFile(opt.resolve(Layout.tree().relativize(j))), "missing bundle " + j));
        }
        assertEquals(Files.readString(Layout.repo().resolve("systemd/avmonitoring-agent.service")),
                Files.readString(root().resolve("etc/systemd/system/avmonitoring-agent.service")));
    }

    @Test
    void configJsonComesFromTheTemplateWithTheGivenValuesEscaped() throws IOException {
        Command run = install("--site-name", "Lycée \"Nord\" \\ bât. B", "--token-file", tokenFile().toString(),
                "--backend-url", "https://backend.example.org/api").ok();

        Map<String, Object> templateRest =
                JSON.std.mapFrom(Files.readAllBytes(Layout.tree().resolve("conf/config.example.json")));
        Map<String, Object> rest = JSON.std.mapFrom(Files.readAllBytes(root().resolve("etc/avmonitoring/config.json")));
        assertEquals("Lycée \"Nord\" \\ bât. B", rest.get("site_name"));
        assertEquals(TOKEN, rest.get("site_token"));
        assertEquals("https://backend.example.org/api", rest.get("backend_url"));
        for (String k : List.of("site_name", "site_token", "backend_url")) {
            rest.remove(k);
            templateRest.remove(k);
        }
        assertEquals(templateRest, rest, "every other setting as in the template");
        assertFalse(run.out().contains(TOKEN) || run.err().contains(TOKEN), "the token is never printed");
    }

    @Test
    void withoutValuesAndWithoutTerminalTheTemplatePlaceholdersStay() throws IOException {
        install().ok();
        assertEquals(Files.readString(Layout.tree().resolve("conf/config.example.json")).strip(),
                Files.readString(root().resolve("etc/avmonitoring/config.json")).strip());
    }

    @Test
    void credentialsAreHashedAndThePasswordsAreOnlyInTheRootOnlyNotice() throws Exception {
        Command run = install().ok();

        Properties creds = new Properties();
        creds.load(new StringReader(Files.readString(root().resolve("etc/avmonitoring/credentials.properties"))));
        String notice = Files.readString(root().resolve("etc/avmonitoring/initial-credentials.txt"));
        Matcher console = Pattern.compile("user: (\\S+)\\s+password: (\\S+)").matcher(notice);
        assertTrue(console.find(), notice);
        Matcher ui = Pattern.compile("web UI .* password: (\\S+)").matcher(notice);
        assertTrue(ui.find(), notice);

        assertEquals(console.group(1), creds.getProperty("webconsole.username"));
        assertEquals(sha256(console.group(2)), creds.getProperty("webconsole.password"));
        assertEquals(sha256(ui.group(1)), creds.getProperty("ui.password"));
        assertTrue(console.group(2).length() >= 20, "a 20-character random password");
        assertNotEquals(console.group(2), ui.group(1));
        assertFalse(run.out().contains(console.group(2)), "the password is not printed");
        assertTrue(run.out().contains("/etc/avmonitoring/initial-credentials.txt"), "the admin is told where it is");

        Path other = tmp.resolve("other");
        Command.run(List.of(Layout.script("install.sh").toString(), "--root", other.toString(), "--from",
                Layout.tree().toString(), "--no-ui-password")).ok();
        Properties second = new Properties();
        second.load(new StringReader(Files.readString(other.resolve("etc/avmonitoring/credentials.properties"))));
        assertEquals(null, second.getProperty("ui.password"));
        assertNotEquals(creds.getProperty("webconsole.password"), second.getProperty("webconsole.password"),
                "each installation has its own password");
    }

    /** The Web Console's form, as the launcher reads it: {sha-256} + Base64 of the SHA-256 of the UTF-8 bytes. */
    private static String sha256(String plain) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
        return "{sha-256}" + Base64.getEncoder().encodeToString(d);
    }

    @Test
    void aSecondRunIsTheUpdateNewCodeSameConfigCredentialsAndData() throws IOException {
        install("--site-name", "Before").ok();
        Path etc = root().resolve("etc/avmonitoring");
        String edited = Files.readString(etc.resolve("config.json")).replace("\"devices\": []",
                "\"devices\": [{\"id\": \"proj-1\", \"type\": \"pjlink\", \"host\": \"127.0.0.9\"}]");
        Files.writeString(etc.resolve("config.json"), edited);
        String creds = Files.readString(etc.resolve("credentials.properties"));
        Path defaults = root().resolve("etc/default/avmonitoring-agent");
        Files.writeString(defaults, "JAVA_OPTS=\"-Xmx96m\"\n");
        Path deployed = root().resolve("var/lib/avmonitoring/deploy/custom-driver.jar");
        Files.writeString(deployed, "a hot-deployed bundle");
        Path stale = root().resolve(Layout.OPT.substring(1)).resolve("bundles/3/removed-in-new-version.jar");
        Files.writeString(stale, "old code");
        Map<String, String> ownersBefore = Layout.owners(root());

        Command again = install("--site-name", "After", "--token", "ignored").ok();

        assertEquals(edited, Files.readString(etc.resolve("config.json")));
        assertEquals(creds, Files.readString(etc.resolve("credentials.properties")));
        assertEquals("JAVA_OPTS=\"-Xmx96m\"\n", Files.readString(defaults));
        assertTrue(Files.exists(deployed), "hot-deployed bundles stay");
        assertFalse(Files.exists(stale), "the code is replaced, not merged: a bundle dropped by the new version goes");
        assertTrue(Files.exists(root().resolve(Layout.OPT.substring(1)).resolve("lib/avmonitoring-launcher.jar")));
        assertFalse(Files.exists(root().resolve(Layout.OPT.substring(1) + ".new")));
        assertFalse(Files.exists(root().resolve(Layout.OPT.substring(1) + ".old")));
        assertEquals(ownersBefore, Layout.owners(root()));
        assertTrue(again.out().contains("kept the existing /etc/avmonitoring/config.json"), again.out());
        assertTrue(again.out().contains("ignored"), "says the values were not applied: " + again.out());
    }

    @Test
    void uninstallRemovesCodeAndUnitAndKeepsConfigAndData() throws IOException {
        install().ok();
        Command run = uninstall().ok();

        assertFalse(Files.exists(root().resolve(Layout.OPT.substring(1))));
        assertFalse(Files.exists(root().resolve("etc/systemd/system/avmonitoring-agent.service")));
        for (String kept : List.of("etc/avmonitoring/config.json", "etc/avmonitoring/credentials.properties",
                "var/lib/avmonitoring/deploy", "var/log/avmonitoring", "etc/default/avmonitoring-agent")) {
            assertTrue(Files.exists(root().resolve(kept)), kept + " kept");
        }
        assertTrue(run.out().contains("kept /etc/avmonitoring /var/lib/avmonitoring"), run.out());
        Map<String, String> owners = Layout.owners(root());
        assertFalse(owners.containsKey(Layout.OPT));
        assertEquals("avmonitoring:avmonitoring 640", owners.get("/etc/avmonitoring/config.json"));

        // Reinstalling over the kept config keeps it.
        String config = Files.readString(root().resolve("etc/avmonitoring/config.json"));
        install("--site-name", "New").ok();
        assertEquals(config, Files.readString(root().resolve("etc/avmonitoring/config.json")));
    }

    @Test
    void uninstallPurgeRemovesEverything() throws IOException {
        install().ok();
        Command run = uninstall("--purge").ok();

        try (Stream<Path> left = Files.walk(root())) {
            List<Path> files = left.filter(p -> !Files.isDirectory(p)).toList();
            assertEquals(List.of(), files);
        }
        for (String gone : List.of("etc/avmonitoring", "var/lib/avmonitoring", "var/log/avmonitoring")) {
            assertFalse(Files.exists(root().resolve(gone)), gone);
        }
        assertTrue(run.out().contains("nothing kept"), run.out());
    }

    @Test
    void javaOlderThan17IsRefusedNamingTheDebianPackage() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("fakebin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        java.toFile().setExecutable(true);
        String path = bin + ":" + System.getenv("PATH");
        Command run = Command.run(List.of(Layout.script("install.sh").toString(), "--root", root().toString(),
                "--from", Layout.tree().toString()), Map.of("PATH", path, "JAVA_HOME", ""));

        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("Java 11.0.21") && run.err().contains("openjdk-17-jre-headless"), run.err());
        assertFalse(Files.exists(root().resolve("etc")), "nothing installed");
    }

    @Test
    void aFolderThatIsNotAnInstallationTreeIsRefused() throws IOException {
        Path notATree = Files.createDirectories(tmp.resolve("empty"));
        Command run = Command.run(List.of(Layout.script("install.sh").toString(), "--root", root().toString(),
                "--from", notATree.toString()));
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("bin/avmonitoring-agent is missing"), run.err());
    }

    @Test
    void theDefaultsFileListsTheLauncherDefaultJvmOptions() throws IOException {
        String launcher = Files.readString(Layout.tree().resolve("bin/avmonitoring-agent"));
        Matcher m = Pattern.compile("DEFAULT_JAVA_OPTS=\"([^\"]*)\"").matcher(launcher);
        assertTrue(m.find(), "bin/avmonitoring-agent sets DEFAULT_JAVA_OPTS");
        List<String> launcherDefaults = List.of(m.group(1).replace("\\\n", " ").trim().split("\\s+"));

        List<String> documented = new ArrayList<>();
        boolean inList = false;
        for (String line : Files.readAllLines(Layout.repo().resolve("systemd/avmonitoring-agent.default"))) {
            if (line.contains("launcher's small-footprint defaults")) {
                inList = true;
            } else if (inList && line.startsWith("#   ")) {
                documented.addAll(List.of(line.substring(1).trim().split("\\s+")));
            } else if (inList) {
                break;
            }
        }
        assertEquals(launcherDefaults, documented);
    }
}
