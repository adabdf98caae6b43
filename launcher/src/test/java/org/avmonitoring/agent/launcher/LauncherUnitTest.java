package org.avmonitoring.agent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
