package org.avmonitoring.agent.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.avmonitoring.agent.testing.support.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of bin/avmonitoring-agent, run as a real process from the assembled tree. */
class LauncherProcessIT {
    private static final String TOKEN = "itest-token-1f3a9c-do-not-log";

    @TempDir
    Path dir;

    private Path config(String json) throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void helpListsTheOptionsAndTheirDefaults() throws Exception {
        Path log = dir.resolve("help.log");
        assertEquals(0, AgentProcess.run(log, 30, "--help"));
        String out = Files.readString(log);
        for (String s : new String[] {"--config FILE", "/etc/avmonitoring/config.json", "--data-dir DIR",
                "/var/lib/avmonitoring", "--http-port N", "8080", "--check-config FILE"}) {
            assertTrue(out.contains(s), "help mentions " + s + ":\n" + out);
        }
    }

    @Test
    void aWrongOptionIsAUsageError() throws Exception {
        Path log = dir.resolve("usage.log");
        assertEquals(64, AgentProcess.run(log, 30, "--http-port", "99999"));
        assertTrue(Files.readString(log).contains("--http-port: \"99999\" is not a port in 1..65535"));
    }

    @Test
    void checkConfigAcceptsAValidFile() throws Exception {
        Path f = config("{\"site_name\":\"s\",\"devices\":[{\"id\":\"a\",\"type\":\"ping\",\"host\":\"127.0.0.1\"}]}");
        Path log = dir.resolve("check.log");
        assertEquals(0, AgentProcess.run(log, 60, "--check-config", f.toString()), () -> read(log));
        assertTrue(read(log).contains(f + ": valid"), read(log));
    }

    @Test
    void checkConfigListsEveryErrorAndFails() throws Exception {
        Path f = config("{\"site_token\":\"" + TOKEN + "\",\"devices\":[{\"id\":\"a\",\"type\":\"ping\"},"
                + "{\"id\":\"b\",\"type\":\"pjlink\",\"host\":\"h\",\"port\":70000},{\"id\":\"b\",\"type\":\"ping\",\"host\":\"h\"}]}");
        Path log = dir.resolve("check.log");
        assertEquals(2, AgentProcess.run(log, 60, "--check-config", f.toString()), () -> read(log));
        String out = read(log);
        assertTrue(out.contains(f + ": devices[0].host: missing"), out);
        assertTrue(out.contains(f + ": devices[1].port: 70000 is not in 1..65535"), out);
        assertTrue(out.contains(f + ": devices: duplicate id \"b\""), out);
        assertFalse(out.contains(TOKEN), "the token never reaches the output");
    }

    @Test
    void checkConfigKnowsTheDriversOfTheDeployFolder() throws Exception {
        Path f = config("{\"site_name\":\"s\",\"devices\":[{\"id\":\"ssh-1\",\"type\":\"banner\","
                + "\"host\":\"127.0.0.1\",\"banner\":{\"timeout_ms\":5,\"expct\":\"^SSH\"}}]}");
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("deploy"));
        Path log = dir.resolve("check.log");
        assertEquals(0, AgentProcess.run(log, 60, "--check-config", f.toString(), "--data-dir", data.toString()),
                () -> read(log));
        assertTrue(read(log).contains("devices[ssh-1].type: no driver installed for type \"banner\""), read(log));

        Files.copy(DriverTemplateHotDeployIT.templateJar(), data.resolve("deploy/avmonitoring-driver-banner.jar"));
        Path log2 = dir.resolve("check2.log");
        assertEquals(2, AgentProcess.run(log2, 60, "--check-config", f.toString(), "--data-dir", data.toString()),
                () -> read(log2));
        String out = read(log2);
        assertTrue(out.contains(f + ": devices[0].banner.timeout_ms: must be an integer between 100 and 60000, not 5"),
                out);
        assertTrue(out.contains("devices[ssh-1].banner.expct: unknown key \"expct\" (did you mean \"expect\"?)"), out);
    }

    @Test
    void aMalformedFileStopsTheAgentAtStartWithANonZeroExit() throws Exception {
        Path f = config("{\"site_token\":\"" + TOKEN + "\",\n\"devices\":[ }");
        Path log = dir.resolve("run.log");
        int code = AgentProcess.run(log, 60, "--config", f.toString(), "--data-dir", dir.resolve("data").toString(),
                "--http-port", Integer.toString(ContainerOptions.freePort()), "--credentials", dir.resolve("none").toString());
        assertEquals(2, code, () -> read(log));
        String out = read(log);
        assertTrue(out.contains(f + ": invalid JSON at line 2"), out);
        assertFalse(out.contains(TOKEN), out);
    }

    @Test
    void runsServesHttpAndStopsCleanlyOnSigterm() throws Exception {
        Path f = config("{\"site_name\":\"proc\",\"site_token\":\"" + TOKEN + "\",\"devices\":[]}");
        Path creds = dir.resolve("credentials.properties");
        Files.writeString(creds, "webconsole.username=ops\nwebconsole.password=itest-placeholder\n");
        int port = ContainerOptions.freePort();
        Path log = dir.resolve("run.log");
        try (AgentProcess agent = AgentProcess.start(log, "--config", f.toString(), "--data-dir",
                dir.resolve("data").toString(), "--http-port", Integer.toString(port))) {
            Await.until(Duration.ofMillis(60_000), () -> read(log).contains(" started in "), "the agent to report it started");
            assertEquals(401, ContainerOptions.httpStatus(port, "/system/console/bundles", null));
            assertTrue(Files.isDirectory(dir.resolve("data/deploy")), "hot-deploy folder created");
            assertTrue(Files.isDirectory(dir.resolve("data/felix-cache")), "bundle cache under the data dir");
            long t0 = System.nanoTime();
            assertEquals(0, agent.terminate(10), () -> read(log));
            assertTrue((System.nanoTime() - t0) / 1_000_000_000.0 < 10.0);
            String out = read(log);
            assertTrue(out.contains("framework stopped") || out.contains("stopping (signal received)"), out);
            assertFalse(out.contains(TOKEN), "the token never reaches the log");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
