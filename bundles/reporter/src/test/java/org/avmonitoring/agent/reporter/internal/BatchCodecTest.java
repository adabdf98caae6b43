package org.avmonitoring.agent.reporter.internal;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.jr.ob.JSON;

class BatchCodecTest {
    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private static final BatchCodec.Seal SEAL = new BatchCodec.Seal("b-1", T, "site", "1.0.0", "host", 3, 12.5);
    private final BatchCodec codec = new BatchCodec();

    /** {@code results} results with every kind of metric, then one ko result. */
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
        return codec.seal(SEAL, entries);
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(String json) throws IOException {
        return gzip(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] inflate(byte[] gz) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    }

    /** A stored batch as written before results were compressed as they came (and as a split writes it): one member. */
    private static byte[] oneMember(byte[] stored) throws IOException {
        return gzip(inflate(stored));
    }

    /** The gzip members in {@code gz}, each read with its own Inflater; fails on anything after the last one. */
    private static int members(byte[] gz) throws DataFormatException {
        int members = 0;
        byte[] out = new byte[8192];
        for (int at = 0; at < gz.length; members++) {
            assertEquals(0x1f8b, (gz[at] & 0xff) << 8 | (gz[at + 1] & 0xff), "gzip magic at " + at);
            assertEquals(0, gz[at + 3], "no optional header fields");
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(gz, at + 10, gz.length - at - 10);
                while (!inflater.finished()) {
                    assertFalse(inflater.inflate(out) == 0 && inflater.needsInput(), "member cut short");
                }
                at = gz.length - inflater.getRemaining() + 8; // the trailer: CRC-32 and size
            } finally {
                inflater.end();
            }
        }
        return members;
    }

    /** The results as text: what follows the {@code [} of {@code "results":[}, the closing {@code ]}} included. */
    private static String resultsText(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        int at = text.indexOf("\"results\":[");
        assertTrue(at > 0, text);
        return text.substring(at + "\"results\":[".length());
    }

    /** The body a stored batch must give: sent_at right after created_at, the outbox figures at the end of health. */
    private static String expectedBody(byte[] stored, String sentAt, long buffered, long dropped) throws IOException {
        Map<String, Object> batch = gunzip(stored);
        Map<String, Object> body = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : batch.entrySet()) {
            if (e.getKey().equals("health")) {
                Map<String, Object> health = new LinkedHashMap<>(member(batch, "health"));
                health.put("batches_buffered", buffered);
                health.put("batches_dropped", dropped);
                body.put("health", health);
            } else {
                body.put(e.getKey(), e.getValue());
            }
            if (e.getKey().equals("created_at")) {
                body.put("sent_at", sentAt);
            }
        }
        return JSON.std.asString(body);
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
        assertEquals(3, codec.results(stored));
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
        // written by hand, with a trailing newline (whitespace after the batch is allowed)
        byte[] stored = gzip("{\"batch_id\":\"x\",\"created_at\":\"2026-11-24T10:00:00Z\",\"results\":[]}\n");
        Map<String, Object> sent = gunzip(codec.body(stored, T, 1, 0).gzip());
        assertEquals(1, member(sent, "health").get("batches_buffered"));
        assertEquals(0, codec.results(stored));
    }

    @Test
    void aStoredBatchThatIsNotAnObjectOrWhoseResultsAreMissingMisplacedOrNotAnArrayIsRefused() {
        for (String json : List.of("[1,2]", "{\"batch_id\":\"x\"}", "{\"results\":5}",
                "{\"results\":[],\"batch_id\":\"x\"}", "{\"results\":[1]", "{\"results\":[1}", "{\"results\":[")) {
            assertThrows(IOException.class, () -> codec.body(gzip(json), T, 0, 0), json);
        }
    }

    @Test
    void theBodyIsTheStoredBatchWithItsAdditionsAndTheSameResultBytesWhateverTheStoredForm() throws Exception {
        // 0, 1 and 1,000 results (the last about 260 KB of JSON: the copy goes chunk by chunk)
        List<byte[]> batches = List.of(codec.seal(SEAL, List.of()), sealed(0), sealed(999));
        for (int b = 0; b < batches.size(); b++) {
            byte[] sealed = batches.get(b);
            assertEquals(b == 0 ? 2 : 3, members(sealed), "head, results (if any), tail");
            byte[] single = oneMember(sealed);
            assertEquals(1, members(single));
            for (byte[] stored : List.of(sealed, single)) {
                BatchCodec.Body body = codec.body(stored, T.plusSeconds(5), 7, 2);
                assertEquals(1, members(body.gzip()), "a request body is one gzip member");
                assertEquals("b-1", body.batchId());
                assertEquals(expectedBody(stored, "2026-11-24T10:00:05Z", 7, 2), JSON.std.asString(gunzip(body.gzip())));
                assertEquals(resultsText(inflate(stored)), resultsText(inflate(body.gzip())), "results byte for byte");
            }
        }
        assertEquals(1000, codec.results(sealed(999)));
    }

    @Test
    void anEmptyBatchReadsInFull() throws IOException {
        String body = new String(inflate(codec.body(codec.seal(SEAL, List.of()), T.plusSeconds(5), 7, 2).gzip()),
                StandardCharsets.UTF_8);
        assertEquals("{\"payload_version\":1,\"batch_id\":\"b-1\",\"site_name\":\"site\",\"agent\":{\"version\":\"1.0.0\","
                + "\"host_name\":\"host\"},\"created_at\":\"2026-11-24T10:00:00Z\",\"sent_at\":\"2026-11-24T10:00:05Z\","
                + "\"health\":{\"devices_total\":3,\"last_collection_ms\":12.5,\"batches_buffered\":7,\"batches_dropped\":2},"
                + "\"results\":[]}", body);
    }

    @Test
    void aTruncatedStoredBatchIsRefusedWhereverItIsCut() throws IOException {
        byte[] sealed = sealed(2);
        for (byte[] stored : List.of(sealed, oneMember(sealed))) {
            for (int length = 0; length < stored.length; length++) {
                byte[] cut = Arrays.copyOf(stored, length);
                assertThrows(IOException.class, () -> codec.body(cut, T, 0, 0), "cut at " + length + " of " + stored.length);
            }
        }
    }

    @Test
    void aHeadLongerThanTheFirstChunkIsRefusedWithAClearError() throws IOException {
        byte[] stored = codec.seal(new BatchCodec.Seal("b-1", T, "s".repeat(70_000), "1.0.0", "host", 3, 12.5), List.of());
        IOException e = assertThrows(IOException.class, () -> codec.body(stored, T, 0, 0));
        assertTrue(e.getMessage().contains("no results array in its first"), e.getMessage());
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
        assertEquals(5, codec.results(parts.get(0)) + codec.results(parts.get(1)));
    }
}
