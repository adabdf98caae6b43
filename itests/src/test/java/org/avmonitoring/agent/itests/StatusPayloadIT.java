package org.avmonitoring.agent.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.testing.backend.BackendSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a process: results at the backend keep the observed {@code status} and carry the confirmed
 * {@code state} (a ko is confirmed after {@code confirm_ko_after} failed checks: 2 for the site, 100 for one device)
 * and {@code maintenance: true} inside a site window.
 */
class StatusPayloadIT {
    static final String TOKEN = "tok-status-7a6b5c4d3e-CHANGE-ME";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void resultsCarryTheConfirmedStateAndMaintenance(@TempDir Path work) throws Exception {
        try (BackendSimulator sim = BackendSimulator.start()) {
            check(sim, work);
        }
    }

    private static void check(BackendSimulator sim, Path work) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // closed again below: connections are refused
        }
        Instant now = Instant.now();
        Path config = work.resolve("config.json");
        String device = "{\"id\":\"%s\",\"type\":\"ping\",\"host\":\"127.0.0.1\",\"interval_s\":1,%s"
                + "\"ping\":{\"mode\":\"tcp\",\"tcp_port\":" + closedPort + "}}";
        Files.writeString(config, "{\"site_name\":\"status test\",\"site_token\":\"" + TOKEN + "\",\"backend_url\":\""
                + sim.url() + "\",\"report_interval_ok_s\":1,\"report_interval_ko_s\":1,\"confirm_ko_after\":2,"
                + "\"maintenance_windows\":[{\"devices\":[\"under-works\"],\"from\":\"" + now.minusSeconds(60)
                + "\",\"until\":\"" + now.plusSeconds(3600) + "\",\"reason\":\"works\"}],"
                + "\"devices\":[" + device.formatted("down", "") + ","
                + device.formatted("patient", "\"confirm_ko_after\":100,") + ","
                + device.formatted("under-works", "") + "]}");
        try (AgentProcess agent = AgentProcess.start(config, work.resolve("data"), work.resolve("agent.log"))) {
            assertPayload(sim);
            assertTrue(!agent.log().contains(TOKEN));
        }
    }

    private static void assertPayload(BackendSimulator sim) {
        Await.until(WAIT, () -> results(sim, "down").stream().anyMatch(r -> "ko".equals(r.get("state"))),
                "a confirmed ko of the refused device at the backend");
        Await.until(WAIT, () -> results(sim, "patient").size() >= 3, "three results of the patient device");
        for (Map<String, Object> r : results(sim, "patient")) {
            assertEquals("ko", r.get("status"), "the observed status is sent as it is: " + r);
            assertEquals("unknown", r.get("state"), "fewer than 100 failures are not confirmed: " + r);
        }
        assertNull(results(sim, "down").get(0).get("maintenance"));
        Map<String, Object> works = results(sim, "under-works").get(0);
        assertEquals(true, works.get("maintenance"));
        assertTrue(!works.containsKey("expected"), "no schedule, no expected");
    }

    private static List<Map<String, Object>> results(BackendSimulator sim, String id) {
        return sim.stored().stream().flatMap(i -> i.results().stream()).filter(r -> id.equals(r.get("device_id")))
                .toList();
    }
}
