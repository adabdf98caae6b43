package org.avmonitoring.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile and docker/compose.yaml, checked statically (no Docker engine on CI machines): every COPY source
 * exists in the built tree, no stage runs as root, and the agent image uses install.sh's paths.
 */
class DockerfileTest {
    private final Path docker = Layout.repo().resolve("docker");

    /** One instruction per entry (continuation lines joined), per stage name. */
    private Map<String, List<String[]>> stages() throws IOException {
        Map<String, List<String[]>> stages = new LinkedHashMap<>();
        List<String[]> current = null;
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(docker.resolve("Dockerfile"))) {
            if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
                continue;
            }
            pending.append(raw.endsWith("\\") ? raw.substring(0, raw.length() - 1) : raw).append(' ');
            if (raw.endsWith("\\")) {
                continue;
            }
            String line = pending.toString().trim();
            pending.setLength(0);
            String[] instr = line.split("\\s+", 2);
            if (instr[0].equals("FROM")) {
                Matcher m = Pattern.compile("(?i)\\S+\\s+AS\\s+(\\S+)").matcher(instr[1]);
                assertTrue(m.matches(), "every stage is named: " + line);
                current = new ArrayList<>();
                stages.put(m.group(1), current);
            }
            assertTrue(current != null, "instruction before FROM: " + line);
            current.add(instr);
        }
        return stages;
    }

    /** Install.sh's "readonly NAME=value" constants. */
    private static Map<String, String> installShPaths() throws IOException {
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^readonly (\\w+)=(/\\S+)$").matcher(Files.readString(Layout.script("install.sh")));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Test
    void everyCopySourceExistsInTheBuiltTree() throws IOException {
        Path context = Layout.repo();
        int sources = 0;
        for (List<String[]> stage : stages().values()) {
            for (String[] instr : stage) {
                if (!instr[0].equals("COPY")) {
                    continue;
                }
                List<String> args = new ArrayList<>(Arrays.asList(instr[1].split("\\s+")));
                assertFalse(args.get(0).startsWith("--from"), "no copy from other images: " + instr[1]);
                for (String src : args.subList(0, args.size() - 1)) {
                    assertTrue(matches(context, src) > 0, "COPY source " + src + " missing in " + context);
                    sources++;
                }
            }
        }
        assertTrue(sources >= 4, "the Dockerfile copies the tree and the simulators");
    }

    /** Files matching a COPY source (a path, or a glob in its last segment) under the build context. */
    private static int matches(Path context, String src) throws IOException {
        Path p = context.resolve(src);
        if (!src.contains("*")) {
            return Files.exists(p) ? 1 : 0;
        }
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p.getParent(), p.getFileName().toString())) {
            for (Path ignored : ds) {
                n++;
            }
        }
        return n;
    }

    @Test
    void noStageRunsAsRoot() throws IOException {
        stages().forEach((name, instrs) -> {
            String user = null;
            for (String[] i : instrs) {
                if (i[0].equals("USER")) {
                    user = i[1].trim();
                }
            }
            assertTrue(user != null && !user.equals("root") && !user.startsWith("0"), "stage " + name + " runs as " + user);
        });
        String agentUser = stages().get("agent").stream().filter(i -> i[0].equals("USER")).reduce((a, b) -> b)
                .orElseThrow()[1].trim();
        assertEquals("avmonitoring", agentUser, "the same service user as install.sh");
    }

    @Test
    void theAgentImageUsesTheNativePaths() throws IOException {
        Map<String, String> paths = installShPaths();
        String opt = paths.get("OPT");
        String etc = paths.get("ETC");
        String data = paths.get("DATA");
        assertEquals(Layout.OPT, opt);
        Map<String, String> instr = new HashMap<>();
        String treeCopy = null;
        for (String[] i : stages().get("agent")) {
            instr.merge(i[0], i[1], (a, b) -> a + "\n" + b);
            if (i[0].equals("COPY")) {
                treeCopy = i[1];
            }
        }
        Path tree = Layout.repo().relativize(Layout.tree());
        assertEquals(tree + "/ " + opt + "/", treeCopy, "the installation tree goes where install.sh puts it");
        assertEquals("[\"" + etc + "\", \"" + data + "\"]", instr.get("VOLUME"));
        assertEquals(opt, instr.get("WORKDIR"));
        // Inside the container the agent listens on the container's interfaces; compose publishes on 127.0.0.1 only.
        assertEquals("[\"" + opt + "/bin/avmonitoring-agent\", \"--config\", \"" + etc + "/config.json\", \"--data-dir\", \""
                + data + "\", \"--http-host\", \"0.0.0.0\"]", instr.get("ENTRYPOINT"));
        assertTrue(instr.get("RUN").contains("mkdir -p " + etc + " " + data + "/deploy " + paths.get("LOGS")));
    }

    @Test
    void composePublishesOnLocalhostOnlyAndItsFilesExist() throws IOException {
        String compose = Files.readString(docker.resolve("compose.yaml"));
        Matcher ports = Pattern.compile("- \"([^\"]*:\\d+:\\d+)\"").matcher(compose);
        int published = 0;
        while (ports.find()) {
            assertTrue(ports.group(1).startsWith("127.0.0.1:"), "published beyond localhost: " + ports.group(1));
            published++;
        }
        assertEquals(1, published, compose);
        Matcher binds = Pattern.compile("- (\\.\\.?/[^:]+):").matcher(compose);
        int n = 0;
        while (binds.find()) {
            assertTrue(Files.isRegularFile(docker.resolve(binds.group(1)).normalize()), binds.group(1));
            n++;
        }
        assertEquals(2, n, "the dev config and credentials are mounted");
        assertTrue(compose.contains("../config/dev-config.json") && compose.contains("../config/dev-credentials.properties"),
                "the one dev configuration of config/");
        assertTrue(compose.contains("dockerfile: docker/Dockerfile") && compose.contains("context: .."));
        String simulators = Files.readString(docker.resolve("simulators.sh"));
        String devConfig = Files.readString(devConfig());
        for (String address : List.of("127.0.10.1", "127.0.11.1", "18099", "16161")) {
            assertTrue(simulators.contains(address) && devConfig.contains(address), address + " in both files");
        }
    }

    @Test
    void theDevStackConfigIsValidAndItsSimulatorsExist() throws IOException {
        Command check = Command.run(List.of(Layout.tree().resolve("bin/avmonitoring-agent").toString(),
                "--check-config", devConfig().toString()));
        assertEquals(0, check.exit(), check.out() + check.err());

        String simulators = Files.readString(docker.resolve("simulators.sh"));
        Matcher mains = Pattern.compile("org\\.avmonitoring\\.agent\\.testing\\.[\\w.]+").matcher(simulators);
        int n = 0;
        while (mains.find()) {
            Path source = Layout.repo().resolve("testing/src/main/java/" + mains.group().replace('.', '/') + ".java");
            assertTrue(Files.readString(source).contains("public static void main("), mains.group() + " has a main");
            n++;
        }
        assertEquals(2, n, simulators); // the PJLink projector simulator and the backend simulator
    }

    /** The dev configuration of config/, shared with scripts/run-dev.sh. */
    private static Path devConfig() {
        return Layout.repo().resolve("config/dev-config.json");
    }
}
