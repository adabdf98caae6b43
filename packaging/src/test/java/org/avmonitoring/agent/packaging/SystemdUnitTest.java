package org.avmonitoring.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.avmonitoring.agent.testing.support.Peers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd/avmonitoring-agent.service: systemd-analyze verify (against a staging root written by install.sh, so the
 * unit's paths are checked against the installed layout) and the security exposure goal, at most 2.0.
 */
class SystemdUnitTest {
    /** systemd-analyze's exposure goal, in tenths (--threshold): the unit must stay "OK". */
    private static final int EXPOSURE_GOAL_TENTHS = 20;

    @TempDir
    Path tmp;

    private final Path unit = Layout.repo().resolve("systemd/avmonitoring-agent.service");

    @BeforeEach
    void needsSystemdAnalyze() {
        String why = "systemd-analyze is not installed (Debian package 'systemd'); .ci/run installs it";
        Assumptions.assumeTrue(Peers.available(Command.onPath("systemd-analyze"), why), "SKIPPED: " + why);
    }

    /** A staging root with the agent installed and the distribution's own units (the targets the unit refers to). */
    private Path installedRoot() throws IOException {
        Path root = tmp.resolve("root");
        Command.run(List.of(Layout.script("install.sh").toString(), "--root", root.toString(),
                "--from", Layout.tree().toString())).ok();
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Command.run(List.of("cp", "-a", "/usr/lib/systemd/system", root.resolve("usr/lib/systemd/").toString())).ok();
        return root;
    }

    private static Command verify(Path root) {
        return Command.run(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root,
                "avmonitoring-agent.service"));
    }

    @Test
    void verifyPassesOnTheInstalledLayout() throws IOException {
        Command run = verify(installedRoot());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err().strip(), "no warning");
    }

    @Test
    void verifyCatchesAnExecStartThatIsNotInstalled() throws IOException {
        Path root = installedRoot();
        Files.delete(root.resolve("opt/avmonitoring-agent/bin/avmonitoring-agent"));
        Command run = verify(root);
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("/opt/avmonitoring-agent/bin/avmonitoring-agent"), run.err());
    }

    @Test
    void securityExposureIsAtMostTheGoal() {
        Command run = Command.run(List.of("systemd-analyze", "security", "--offline=yes",
                "--threshold=" + EXPOSURE_GOAL_TENTHS, unit.toString()));
        Matcher m = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+) (\\S+)").matcher(run.out());
        assertTrue(m.find(), run.out() + run.err());
        double exposure = Double.parseDouble(m.group(1));
        assertTrue(exposure <= EXPOSURE_GOAL_TENTHS / 10.0, "exposure " + exposure + " above the goal:\n" + run.out());
        assertEquals(0, run.exit(), "systemd-analyze security --threshold failed:\n" + run.out() + run.err());
    }

    @Test
    void theUnitRunsTheInstalledLauncherAsTheServiceUserWithOnlyTheAgentsDirectoriesWritable() throws IOException {
        Map<String, List<String>> s = serviceSection();
        assertEquals(List.of("avmonitoring"), s.get("User"));
        assertEquals(List.of("avmonitoring"), s.get("Group"));
        assertEquals(List.of(Layout.OPT), s.get("WorkingDirectory"));
        assertTrue(s.get("ExecStart").get(0).startsWith(Layout.OPT + "/bin/avmonitoring-agent "), s.get("ExecStart").toString());
        assertEquals(List.of("always"), s.get("Restart"));
        assertEquals(List.of("10"), s.get("RestartSec"));
        assertEquals(List.of("0027"), s.get("UMask"));
        assertEquals(List.of("/etc/avmonitoring /var/lib/avmonitoring -/var/log/avmonitoring"), s.get("ReadWritePaths"));
        assertEquals(List.of("strict"), s.get("ProtectSystem"));
        assertEquals(List.of("CAP_NET_RAW"), s.get("CapabilityBoundingSet"));
        assertEquals(List.of("CAP_NET_RAW"), s.get("AmbientCapabilities"));
        assertFalse(s.containsKey("MemoryDenyWriteExecute"), "the JVM's JIT needs writable+executable memory");
        assertTrue(s.containsKey("MemoryMax"));
    }

    private Map<String, List<String>> serviceSection() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        boolean inService = false;
        for (String line : Files.readAllLines(unit)) {
            if (line.startsWith("[")) {
                inService = line.equals("[Service]");
            } else if (inService && !line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                out.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
            }
        }
        return out;
    }
}
