package org.avmonitoring.agent.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.Status;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.jr.ob.JSON;

class BatchCodecTest {
    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private final BatchCodec codec = new BatchCodec();

    private byte[] sealed(int results) throws IOException {
        List<BatchCodec.Entry> entries = new ArrayList<>();
        for (int i = 0; i < results; i++) {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("in", 1);
            nested.put("list", List.of(1.5, "two", true));
            CheckResult r = CheckResult.builder(T).metric("power", "on").metric("hours", 1200 + i)
                    .metric("ratio", 0.25).metric("big", new java.math.BigInteger("123456789012345678901234567890"))
                    .metric("nested", nested).metric("odd", new StringBuilder("as text")).latencyMs(3.5).build();
            entries.add(new BatchCodec.Entry("dev-" + i, "pjlink", r));
        }
        entries.add(new BatchCodec.Entry("down", "ping", CheckResult.ko(T, "timeout")));
        return codec.seal(new BatchCodec.Seal("b-1", T, "site", "1.0.0", "host", 3, 12.5), entries);
    }

    private static Map<String, Object> gunzip(byte[] gz) throws IOException {
        return JSON.std.mapFrom(new GZIPInputStream(new ByteArrayInputStream(gz)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> member(Map<String, Object> object, String key) {
        return (Map<String, Object>) object.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(Map<String, Object> batch) {
        return (List<Map<String, Object>>) batch.get("results");
    }

    @Test
    void bodyAddsSentAtAfterCreatedAtAndTheOutboxFiguresToHealthKeepingEverythingElse() throws IOException {
        byte[] stored = sealed(2);
        BatchCodec.Body body = codec.body(stored, T.plusSeconds(5), 7, 2);
        assertEquals("b-1", body.batchId());
        assertEquals(3, body.results());
        Map<String, Object> sent = gunzip(body.gzip());
        Map<String, Object> original = gunzip(stored);
        List<String> names = new ArrayList<>(sent.keySet());
        assertEquals(names.indexOf("created_at") + 1, names.indexOf("sent_at"), names.toString());
        assertEquals("2026-11-24T10:00:05Z", sent.get("sent_at"));
        assertEquals(7, member(sent, "health").get("batches_buffered"));
        assertEquals(2, member(sent, "health").get("batches_dropped"));
        assertEquals(3, member(sent, "health").get("devices_total"), "sealed health fields kept");
        assertEquals(results(original), results(sent), "results copied unchanged");

        Map<String, Object> m = member(results(sent).get(1), "metrics");
        assertEquals(1201, m.get("hours"));
        assertEquals(0.25, m.get("ratio"));
        assertEquals(new java.math.BigInteger("123456789012345678901234567890"), m.get("big"));
        assertEquals(JSON.std.mapFrom("{\"in\":1,\"list\":[1.5,\"two\",true]}"), m.get("nested"));
        assertEquals("as text", m.get("odd"), "a value that is not JSON-like is sent as its text");
        assertTrue(results(sent).get(2).containsKey("latency_ms"));
        assertNull(results(sent).get(2).get("latency_ms"));
        assertEquals("timeout", results(sent).get(2).get("error"));
    }

    @Test
    void eachResultCarriesItsConfirmedStateExpectedPowerAndMaintenance() throws IOException {
        Maintenance m = new Maintenance(T.plusSeconds(600), "lamp", Maintenance.API);
        byte[] gz = codec.seal(new BatchCodec.Seal("b-2", T, "site", "1.0.0", "host", 2, null), List.of(
                new BatchCodec.Entry("a", "pjlink", CheckResult.ko(T, "timeout"), new Assessment(Status.OK, 1, "on", m)),
                new BatchCodec.Entry("b", "ping", CheckResult.ko(T, "timeout"))));
        List<Map<String, Object>> results = results(gunzip(gz));
        assertEquals("ko", results.get(0).get("status"));
        assertEquals("ok", results.get(0).get("state"));
        assertEquals("on", results.get(0).get("expected"));
        assertEquals(true, results.get(0).get("maintenance"));
        assertEquals("ko", results.get(1).get("state"), "without an assessment the state is the status");
        assertFalse(results.get(1).containsKey("expected"));
        assertFalse(results.get(1).containsKey("maintenance"));
    }

    @Test
    void aStoredBatchWithoutHealthGetsOne() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"batch_id\":\"x\",\"created_at\":\"2026-11-24T10:00:00Z\",\"results\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> sent = gunzip(codec.body(bytes.toByteArray(), T, 1, 0).gzip());
        assertEquals(1, member(sent, "health").get("batches_buffered"));
        assertEquals(0, codec.body(bytes.toByteArray(), T, 1, 0).results());
    }

    @Test
    void aStoredBatchThatIsNotAnObjectIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("[1,2]".getBytes(StandardCharsets.UTF_8));
        }
        assertThrows(IOException.class, () -> codec.body(bytes.toByteArray(), T, 0, 0));
    }

    @Test
    void splitKeepsEveryResultInTwoHalves() throws IOException {
        List<byte[]> parts = codec.split(sealed(4));
        assertEquals(2, parts.size());
        Map<String, Object> a = gunzip(parts.get(0));
        Map<String, Object> b = gunzip(parts.get(1));
        assertEquals("b-1-1", a.get("batch_id"));
        assertEquals("b-1-2", b.get("batch_id"));
        assertEquals(5, results(a).size() + results(b).size());
        assertEquals(5, codec.body(parts.get(0), T, 0, 0).results() + codec.body(parts.get(1), T, 0, 0).results());
    }
}
