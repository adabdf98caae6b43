package org.avmonitoring.agent.reporter.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.monitor.Assessment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The ingest payload (docs/backend-api.md). A batch is stored gzip'd as it will be sent, minus what is only known
 * when it leaves ({@code sent_at}, the outbox figures of {@code health}); {@link #body} adds those.
 */
final class BatchCodec {
    static final int PAYLOAD_VERSION = 1;
    /** One result waiting for the next batch. */
    record Entry(String deviceId, String type, CheckResult result, Assessment assessment) {
        Entry(String deviceId, String type, CheckResult result) {
            this(deviceId, type, result, Assessment.observed(result.status()));
        }
    }

    /** What a batch says about the agent when it is sealed. */
    record Seal(String batchId, Instant createdAt, String siteName, String agentVersion, String hostName,
                int devicesTotal, Double lastCollectionMs) {
    }

    private final JsonFactory factory = new JsonFactory();
    /** For the rare split only (a 413): the whole batch as maps and lists; null members written like the others. */
    private final JSON json = JSON.builder(factory)
            .disable(JSON.Feature.USE_DEFERRED_MAPS)
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES)
            .build();

    /** A whole batch at once (tests, benchmarks): the same bytes as an {@link Open} batch fed these results. */
    byte[] seal(Seal s, List<Entry> results) throws IOException {
        try (Open batch = open()) {
            for (Entry e : results) {
                batch.add(e);
            }
            return batch.seal(s);
        }
    }

    Open open() throws IOException {
        return new Open();
    }

    /**
     * A batch being filled: each result is compressed as soon as the sealing thread takes it, so that results do not
     * wait in memory for the batch to be sealed (at the ok cadence, up to 5 minutes and 5,000 results: most of what
     * reached the old generation at 1,000 devices). Stored as three gzip members that read as one stream: the header
     * (known only when sealed) with {@code "results":[}, the results comma-separated, then {@code ]}}.
     */
    final class Open implements AutoCloseable {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        private final JsonGenerator g;
        private int results;
        private boolean closed;

        private Open() throws IOException {
            g = factory.createGenerator(new FastGzip(bytes));
            g.setRootValueSeparator(new SerializedString(","));
        }

        void add(Entry e) throws IOException {
            writeResult(g, e);
            results++;
        }

        int results() {
            return results;
        }

        /** The stored form of the batch; this one is then closed. */
        byte[] seal(Seal s) throws IOException {
            close();
            byte[] head = head(s);
            ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + bytes.size() + TAIL.length);
            out.write(head);
            if (results > 0) {
                bytes.writeTo(out);
            }
            out.write(TAIL);
            return out.toByteArray();
        }

        /** Ends the compressor (native memory) of a batch sealed or given up. */
        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                g.close();
            }
        }
    }

    /** {@code ]}} closing the results and the batch, compressed once. */
    private static final byte[] TAIL = gzipped("]}".getBytes(StandardCharsets.US_ASCII));

    private static byte[] gzipped(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        try (OutputStream gz = new FastGzip(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The batch up to its results: {@code {"payload_version":1, ..., "health":{...}, "results":[}. */
    private byte[] head(Seal s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator g = factory.createGenerator(new FastGzip(bytes))
                .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)) {
            g.writeStartObject();
            g.writeNumberField("payload_version", PAYLOAD_VERSION);
            g.writeStringField("batch_id", s.batchId());
            g.writeStringField("site_name", s.siteName());
            g.writeObjectFieldStart("agent");
            g.writeStringField("version", s.agentVersion());
            g.writeStringField("host_name", s.hostName());
            g.writeEndObject();
            g.writeStringField("created_at", s.createdAt().toString());
            g.writeObjectFieldStart("health");
            g.writeNumberField("devices_total", s.devicesTotal());
            if (s.lastCollectionMs() == null) {
                g.writeNullField("last_collection_ms");
            } else {
                g.writeNumberField("last_collection_ms", s.lastCollectionMs());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("results");
        }
        return bytes.toByteArray();
    }

    private void writeResult(JsonGenerator g, Entry e) throws IOException {
        CheckResult r = e.result();
        g.writeStartObject();
        g.writeStringField("device_id", e.deviceId());
        g.writeStringField("type", e.type());
        g.writeStringField("status", r.status().wireName());
        Assessment a = e.assessment();
        g.writeStringField("state", a.state().wireName());
        if (a.expected() != null) {
            g.writeStringField("expected", a.expected());
        }
        if (a.inMaintenance()) {
            g.writeBooleanField("maintenance", true);
        }
        g.writeStringField("checked_at", r.checkedAt().toString());
        if (r.latencyMs() == null) {
            g.writeNullField("latency_ms");
        } else {
            g.writeNumberField("latency_ms", r.latencyMs());
        }
        g.writeFieldName("metrics");
        writeValue(g, r.metrics());
        g.writeStringField("error", r.error());
        g.writeEndObject();
    }

    /**
     * Metrics are JSON-like by contract; anything else a driver slips in is sent as its text, not a failure. Written
     * straight to the generator: no copy of every result's metrics on the way.
     */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String str) {
            g.writeString(str);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof java.math.BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object x : l) {
                writeValue(g, x);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    /** A request body ready to send, with what log lines say about it. */
    record Body(byte[] gzip, String batchId) {
    }

    /** Holds the head of any batch (site name, host name, ids: a few hundred bytes), and is the unit of the copy. */
    private static final int CHUNK = 64 * 1024;

    /**
     * The request body for a stored batch: gzip'd JSON with {@code sent_at} and the outbox figures added, as one gzip
     * member at the fastest level (some HTTP stacks read only the first member). Only the head (up to
     * {@code "results":[}) is parsed and rewritten; the results and the closing {@code ]}} are copied as bytes, never
     * tokenized: they are not changed, and tokenizing them was most of the sending thread's CPU. The stored batch is
     * read as a stream (any number of gzip members), a chunk at a time.
     */
    Body body(byte[] stored, Instant sentAt, long batchesBuffered, long batchesDropped) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(stored.length + 256);
        byte[] chunk = new byte[CHUNK];
        Head head;
        Tail tail = new Tail();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored), 8192);
             OutputStream gz = new FastGzip(bytes)) {
            int n = in.readNBytes(chunk, 0, CHUNK);
            head = writeHead(chunk, n, gz, sentAt, batchesBuffered, batchesDropped);
            int from = head.resultsFrom();
            do {
                gz.write(chunk, from, n - from);
                tail.see(chunk, from, n);
                from = 0;
            } while ((n = in.read(chunk)) > 0);
        }
        if (!tail.closesArrayAndObject()) {
            throw new IOException("stored batch does not end with its results array (truncated, or members after it)");
        }
        return new Body(bytes.toByteArray(), head.batchId());
    }

    /** What the head of a stored batch says: its id, and where its results begin (just after the {@code [}). */
    private record Head(String batchId, int resultsFrom) {
    }

    /**
     * Parses the head of a stored batch (its first {@code length} bytes in {@code b}) up to {@code "results":[} and
     * writes it to {@code out} with the additions: {@code sent_at} right after {@code created_at}, the outbox figures
     * at the end of {@code health} (a health object if the batch has none, before the results).
     */
    private Head writeHead(byte[] b, int length, OutputStream out, Instant sentAt, long batchesBuffered,
                           long batchesDropped) throws IOException {
        String batchId = "";
        boolean healthSeen = false;
        try (JsonParser p = factory.createParser(b, 0, length);
             JsonGenerator g = factory.createGenerator(out)
                     .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                     .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("stored batch is not a JSON object");
            }
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("results")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new IOException("the results of the stored batch are not an array");
                    }
                    if (!healthSeen) {
                        g.writeObjectFieldStart("health");
                        writeOutboxFigures(g, batchesBuffered, batchesDropped);
                        g.writeEndObject();
                    }
                    g.writeArrayFieldStart("results");
                    // with a byte[] source the token's byte offset is exact
                    return new Head(batchId, (int) p.currentTokenLocation().getByteOffset() + 1);
                }
                g.writeFieldName(name);
                if (name.equals("health") && value == JsonToken.START_OBJECT) {
                    healthSeen = true;
                    g.writeStartObject();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        g.writeFieldName(p.currentName());
                        p.nextToken();
                        g.copyCurrentStructure(p);
                    }
                    writeOutboxFigures(g, batchesBuffered, batchesDropped);
                    g.writeEndObject();
                } else {
                    if (name.equals("batch_id")) {
                        batchId = p.getValueAsString("");
                    }
                    g.copyCurrentStructure(p);
                    if (name.equals("created_at")) {
                        g.writeStringField("sent_at", sentAt.toString());
                    }
                }
            }
            throw new IOException("stored batch has no results array");
        } catch (JsonEOFException e) {
            if (length == b.length) {
                throw new IOException("stored batch has no results array in its first " + b.length + " bytes");
            }
            throw e;
        }
    }

    /** The last two bytes other than JSON whitespace of what is copied, looked for from the end of each chunk. */
    private static final class Tail {
        private int last = -1;
        private int beforeLast = -1;

        void see(byte[] b, int from, int to) {
            int found = 0;
            for (int i = to - 1; i >= from && found < 2; i--) {
                byte c = b[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    if (found++ == 0) {
                        beforeLast = last;
                        last = c;
                    } else {
                        beforeLast = c;
                    }
                }
            }
        }

        boolean closesArrayAndObject() {
            return beforeLast == ']' && last == '}';
        }
    }

    private static void writeOutboxFigures(JsonGenerator g, long buffered, long dropped) throws IOException {
        g.writeNumberField("batches_buffered", buffered);
        g.writeNumberField("batches_dropped", dropped);
    }

    /**
     * gzip at the fastest level: about three times less CPU than the default level, for a few tens of percent more
     * bytes (a batch is compressed when sealed and again when sent, for every result of every device).
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }

    /**
     * How many results a stored batch holds, for the log line of a batch split or dropped; a send does not count them
     * (that would tokenize every result again).
     */
    int results(byte[] stored) throws IOException {
        try (JsonParser p = factory.createParser(new GZIPInputStream(new ByteArrayInputStream(stored), 8192))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("stored batch is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean results = p.currentName().equals("results");
                if (p.nextToken() == JsonToken.START_ARRAY && results) {
                    int n = 0;
                    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
                        p.skipChildren();
                        n++;
                    }
                    return n;
                }
                p.skipChildren();
            }
            return 0;
        }
    }

    /** The batch cut in two halves (ids suffixed {@code -1}, {@code -2}); empty when it holds fewer than 2 results. */
    List<byte[]> split(byte[] stored) throws IOException {
        Map<String, Object> batch = read(stored);
        if (!(batch.get("results") instanceof List<?> results) || results.size() < 2) {
            return List.of();
        }
        String id = Objects.toString(batch.get("batch_id"), "");
        int half = results.size() / 2;
        List<byte[]> parts = new ArrayList<>(2);
        for (int p = 0; p < 2; p++) {
            // a shallow copy is enough: only the two replaced members differ, in place (member order kept)
            Map<String, Object> part = new LinkedHashMap<>(batch);
            part.put("results", p == 0 ? results.subList(0, half) : results.subList(half, results.size()));
            part.put("batch_id", id + "-" + (p + 1));
            parts.add(gzip(part));
        }
        return parts;
    }

    private Map<String, Object> read(byte[] stored) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored), 8192)) {
            if (!(json.anyFrom(in) instanceof Map<?, ?> batch)) {
                throw new IOException("stored batch is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) batch;
            return members;
        }
    }

    private byte[] gzip(Map<String, Object> batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (OutputStream gz = new FastGzip(bytes)) {
            json.write(batch, gz);
        }
        return bytes.toByteArray();
    }
}
