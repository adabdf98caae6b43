package org.avmonitoring.agent.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BatchCodecTest {
    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private final BatchCodec codec = new BatchCodec();
    private final ObjectMapper json = new ObjectMapper();

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

    private JsonNode gunzip(byte[] gz) throws IOException {
        return json.readTree(new GZIPInputStream(new ByteArrayInputStream(gz)));
    }

    @Test
    void bodyAddsSentAtAfterCreatedAtAndTheOutboxFiguresToHealthKeepingEverythingElse() throws IOException {
        byte[] stored = sealed(2);
        BatchCodec.Body body = codec.body(stored, T.plusSeconds(5), 7, 2);
        assertEquals("b-1", body.batchId());
        assertEquals(3, body.results());
        JsonNode sent = gunzip(body.gzip());
        JsonNode original = gunzip(stored);
        List<String> names = new ArrayList<>();
        sent.fieldNames().forEachRemaining(names::add);
        assertEquals(names.indexOf("created_at") + 1, names.indexOf("sent_at"), names.toString());
        assertEquals("2026-11-24T10:00:05Z", sent.path("sent_at").asText());
        assertEquals(7, sent.path("health").path("batches_buffered").asLong());
        assertEquals(2, sent.path("health").path("batches_dropped").asLong());
        assertEquals(3, sent.path("health").path("devices_total").asInt(), "sealed health fields kept");
        assertEquals(original.path("results"), sent.path("results"), "results copied unchanged");

        JsonNode m = sent.path("results").get(1).path("metrics");
        assertEquals(1201, m.path("hours").asInt());
        assertEquals(0.25, m.path("ratio").asDouble());
        assertEquals("123456789012345678901234567890", m.path("big").bigIntegerValue().toString());
        assertEquals(json.readTree("{\"in\":1,\"list\":[1.5,\"two\",true]}"), m.path("nested"));
        assertEquals("as text", m.path("odd").asText(), "a value that is not JSON-like is sent as its text");
        assertTrue(sent.path("results").get(2).path("latency_ms").isNull());
        assertEquals("timeout", sent.path("results").get(2).path("error").asText());
    }

    @Test
    void aStoredBatchWithoutHealthGetsOne() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"batch_id\":\"x\",\"created_at\":\"2026-11-24T10:00:00Z\",\"results\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        JsonNode sent = gunzip(codec.body(bytes.toByteArray(), T, 1, 0).gzip());
        assertEquals(1, sent.path("health").path("batches_buffered").asLong());
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
        JsonNode a = gunzip(parts.get(0));
        JsonNode b = gunzip(parts.get(1));
        assertEquals("b-1-1", a.path("batch_id").asText());
        assertEquals("b-1-2", b.path("batch_id").asText());
        assertEquals(5, a.path("results").size() + b.path("results").size());
        assertEquals(5, codec.body(parts.get(0), T, 0, 0).results() + codec.body(parts.get(1), T, 0, 0).results());
    }
}
