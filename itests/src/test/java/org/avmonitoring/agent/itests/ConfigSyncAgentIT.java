package org.avmonitoring.agent.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.avmonitoring.agent.testing.backend.Ingest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * Config sync in the real agent (the assembled tree, as a process): backend devices added, edited and removed reach
 * config.json through the config bundle, the local device stays, a device added on the backend is checked and
 * reported without a restart, an invalid answer changes nothing, and the token is in no log line.
 */
class ConfigSyncAgentIT {
    static final String TOKEN = "tok-sync-it-3c2b1a0f-CHANGE-ME";
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    BackendSimulator sim;
    AgentProcess agent;

    @AfterEach
    void stop() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    static String device(String id, String host) {
        return "{\"id\":\"" + id + "\",\"type\":\"ping\",\"host\":\"" + host + "\",\"interval_s\":1}";
    }

    @Test
    void backendDevicesFollowTheBackendAndTheLocalOneStays() throws Exception {
        sim = BackendSimulator.start();
        sim.acceptTokens(TOKEN);
        sim.setConfig(TOKEN, "{\"devices\":[" + device("proj-1", "127.0.0.6") + "]}");
        Path data = work.resolve("data");
        Path config = work.resolve("config.json");
        Files.writeString(config, "{\"site_name\":\"sync it\",\"site_token\":\"" + TOKEN + "\",\"backend_url\":\""
                + sim.url() + "\",\"report_interval_ok_s\":1,\"report_interval_ko_s\":1,\"config_sync_interval_s\":1,"
                + "\"devices\":[" + device("local-1", "127.0.0.5") + "]}");
        agent = AgentProcess.start(config, data, work.resolve("agent.log"));

        Await.until(WAIT, () -> hosts(config).equals(Map.of("local-1", "local 127.0.0.5", "proj-1", "backend 127.0.0.6")),
                "proj-1 added to config.json: " + hosts(config));
        sim.setConfig(TOKEN, "{\"devices\":[" + device("proj-1", "127.0.0.7") + "," + device("proj-2", "127.0.0.8") + "]}");
        Await.until(WAIT, () -> hosts(config).equals(Map.of("local-1", "local 127.0.0.5", "proj-1", "backend 127.0.0.7",
                "proj-2", "backend 127.0.0.8")), "proj-1 edited, proj-2 added: " + hosts(config));
        try {
            Await.until(WAIT, () -> reported("proj-2"), "proj-2 checked and reported without a restart");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; agent log:\n" + log(), e);
        }
        sim.setConfig(TOKEN, "{\"devices\":[" + device("proj-2", "127.0.0.8") + "]}");
        Await.until(WAIT, () -> hosts(config).equals(Map.of("local-1", "local 127.0.0.5", "proj-2", "backend 127.0.0.8")),
                "proj-1 removed: " + hosts(config));

        String before = Files.readString(config);
        sim.setConfig(TOKEN, "{\"devices\":[{\"id\":\"proj-3\",\"type\":\"ping\"}]}");
        Await.until(WAIT, () -> log().contains("config sync: backend configuration rejected"), "the invalid answer rejected");
        assertEquals(before, Files.readString(config), "config.json untouched by an invalid answer");
        assertTrue(agent.isAlive());

        assertTrue(agent.stop());
        String log = log();
        assertTrue(log.contains("config sync: applied backend configuration"), "applied lines logged");
        assertFalse(log.contains(TOKEN), "the token is in the agent's log");
    }

    private boolean reported(String deviceId) {
        for (Ingest i : sim.stored()) {
            for (Map<String, Object> r : i.results()) {
                if (deviceId.equals(r.get("device_id"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** id → "source host" of every device in config.json. */
    private static Map<String, String> hosts(Path config) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            Object devices = JSON.std.mapFrom(Files.readAllBytes(config)).get("devices");
            for (Object d : devices instanceof List<?> l ? l : List.of()) {
                Object source = Ingest.valueAt(d, "source");
                out.put(String.valueOf(Ingest.valueAt(d, "id")),
                        (source == null ? "local" : source) + " " + Ingest.valueAt(d, "host"));
            }
        } catch (IOException e) {
            out.put("unreadable", e.getMessage());
        }
        return out;
    }

    private String log() {
        return agent.log();
    }
}
