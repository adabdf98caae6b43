package org.avmonitoring.agent.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.avmonitoring.agent.testing.backend.Ingest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The real agent (the assembled tree, as a process) killed with SIGKILL at random moments while it seals and sends
 * batches to a slow backend, restarted each time: every batch that was complete on disk at a kill is delivered
 * afterwards, damaged files are discarded with a log line, the agent keeps running, and the token is in no log line.
 */
class AgentKillIT {
    static final String TOKEN = "tok-kill9-5e4d3c2b1a-CHANGE-ME";
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The outbox's documented on-disk form (docs/backend-api.md): one file per batch, a 12-byte frame header. */
    static final String BATCH_SUFFIX = ".batch";

    @TempDir
    Path work;

    BackendSimulator sim;
    AgentProcess agent;
    final Map<Integer, AgentProcess> runs = new HashMap<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void killedWhileSendingAndStoringThenRestartedEveryStoredBatchIsDelivered() throws Exception {
        sim = BackendSimulator.start();
        sim.slow(Duration.ofMillis(1500)); // slower than the 1 s cadence: a backlog builds, a send is usually under way
        Path data = work.resolve("data");
        Path config = work.resolve("config.json");
        Files.writeString(config, "{\"site_name\":\"kill test\",\"site_token\":\"" + TOKEN + "\",\"backend_url\":\""
                + sim.url() + "\",\"report_interval_ok_s\":1,\"report_interval_ko_s\":1,\"devices\":[]}");
        Path outbox = data.resolve("outbox");

        Random random = new Random(20261124);
        Set<String> onDiskAtKills = new HashSet<>();
        for (int run = 0; run < 4; run++) {
            start(config, data, run);
            Thread.sleep(1000 + random.nextInt(3000)); // a random moment: what is being done then is the point
            assertTrue(agent.kill());
            onDiskAtKills.addAll(batchIdsIn(outbox));
        }
        // a kill in the middle of a write, made certain: an interrupted temp file and a torn batch file
        Files.write(outbox.resolve("99999999999999999990.tmp"), new byte[] {0x41, 0x56, 0x4f});
        Path torn = outbox.resolve("99999999999999999991.batch");
        byte[] header = {0x41, 0x56, 0x4f, 0x42, 0, 0, 0x10, 0, 0, 0, 0, 0, 1, 2, 3};
        Files.write(torn, header);

        sim.slow(Duration.ZERO);
        start(config, data, 99);
        Set<String> expected = new HashSet<>(onDiskAtKills);
        Await.until(WAIT, () -> storedIds().containsAll(expected),
                "every batch on disk at a kill stored; missing " + missing(expected));
        assertTrue(agent.isAlive(), "the agent runs after the damaged files");
        Await.until(WAIT, () -> log(99).contains("outbox: discarding 99999999999999999991.batch: torn record"), "torn logged");
        assertTrue(log(99).contains("outbox: discarding 99999999999999999990.tmp: an interrupted write"));
        int storedBefore = sim.stored().size();
        Await.until(WAIT, () -> sim.stored().size() > storedBefore + 1, "new batches keep flowing");
        assertFalse(onDiskAtKills.isEmpty(), "the slow backend left batches on disk at the kills");
        System.out.printf("AgentKillIT: %d distinct batches on disk across 4 kills, all delivered; %d stored in all%n",
                onDiskAtKills.size(), sim.stored().size());

        assertTrue(agent.stop());
        for (int run : new int[] {0, 1, 2, 3, 99}) {
            String log = log(run);
            assertTrue(log.contains("backend link: reporting to"), "run " + run + " started the reporter");
            assertFalse(log.contains(TOKEN), "the token is in the log of run " + run);
        }
        List<String> ids = sim.stored().stream().map(Ingest::batchId).toList();
        assertEquals(new HashSet<>(ids).size(), ids.size(), "stored() is de-duplicated by batch_id");
    }

    private void start(Path config, Path data, int run) throws IOException {
        agent = AgentProcess.start(config, data, work.resolve("agent-" + run + ".log"));
        runs.put(run, agent);
        Await.until(WAIT, () -> log(run).contains("backend link: reporting to"), "run " + run + ": reporter active");
    }

    private String log(int run) {
        return runs.get(run).log();
    }

    private Set<String> storedIds() {
        return sim.stored().stream().map(Ingest::batchId).collect(Collectors.toSet());
    }

    private String missing(Set<String> expected) {
        Set<String> m = new HashSet<>(expected);
        m.removeAll(storedIds());
        return m.toString();
    }

    /** The batch_id of every complete, undamaged batch file (what the agent must still deliver). */
    static Set<String> batchIdsIn(Path outbox) throws IOException {
        Set<String> ids = new HashSet<>();
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path f : files.filter(p -> p.toString().endsWith(BATCH_SUFFIX)).toList()) {
                byte[] all = Files.readAllBytes(f);
                if (all.length <= 12) {
                    continue;
                }
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Arrays.copyOfRange(all, 12, all.length)))) {
                    ids.add(Objects.toString(JSON.std.mapFrom(in).get("batch_id"), ""));
                } catch (IOException damaged) {
                    // a file the agent will rightly discard is not owed to the backend
                    continue;
                }
            }
        }
        return ids;
    }
}
