package org.avmonitoring.agent.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.avmonitoring.agent.testing.support.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 1, as the operator did it on the installed agent: a copy of the shipped PJLink driver dropped into
 * deploy/, deleted, dropped again under another name, then a restart. The shipped driver serves throughout, the copy
 * is refused with a clear line, and the agent starts again (it failed every start with "not unique").
 */
class HotDeployShippedBundleIT {
    private static final String REFUSED = "refused a hot-deployed copy of ";
    private static final String DRIVER_GONE = "no driver for type pjlink any more";

    @TempDir
    Path dir;

    @Test
    void aCopyOfAShippedDriverNeverRemovesItNorBlocksARestart() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"site_name\":\"hot\",\"devices\":[{\"id\":\"p1\",\"type\":\"pjlink\","
                + "\"host\":\"127.0.63.1\",\"interval_s\":15}]}");
        Path data = dir.resolve("data");
        Path deploy = data.resolve("deploy");
        Path shipped;
        try (Stream<Path> jars = Files.list(ContainerOptions.tree().resolve("bundles/3"))) {
            shipped = jars.filter(p -> p.getFileName().toString().startsWith("avmonitoring-driver-pjlink")).findFirst()
                    .orElseThrow();
        }
        try (AgentProcess agent = AgentProcess.start(config, data, dir.resolve("first.log"))) {
            Await.until(Duration.ofMillis(60_000), () -> agent.log().contains(" started in "),
                "the agent to start");
            Path copy = drop(shipped, deploy.resolve("pjlink-copy.jar"));
            Await.until(Duration.ofMillis(30_000), () -> count(agent.log(), REFUSED) == 1,
                "the copy refused");
            Files.delete(copy);
            drop(shipped, deploy.resolve("pjlink-again.jar"));
            // FileInstall saw the deletion no later than the second copy.
            Await.until(Duration.ofMillis(30_000), () -> count(agent.log(), REFUSED) == 2,
                "the second copy refused");
            assertFalse(agent.log().contains(DRIVER_GONE), agent.log());
            assertEquals(0, agent.terminate(30), agent::log);
        }
        try (AgentProcess again = AgentProcess.start(config, data, dir.resolve("second.log"))) {
            Await.until(Duration.ofMillis(60_000), () -> again.log().contains(" started in ") && again.log().contains(REFUSED),
                "the agent to start again");
            String log = again.log();
            assertTrue(java.util.regex.Pattern.compile("drivers for \\[[^\\]]*\\bpjlink\\b").matcher(log).find(), log);
            assertFalse(log.contains(DRIVER_GONE), log);
            assertTrue(again.isAlive(), log);
        }
    }

    /** Copies beside the folder, then renames in: FileInstall never reads half a jar. */
    private static Path drop(Path jar, Path target) throws Exception {
        Path tmp = Files.copy(jar, target.getParent().resolveSibling(target.getFileName() + ".tmp"),
                StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
