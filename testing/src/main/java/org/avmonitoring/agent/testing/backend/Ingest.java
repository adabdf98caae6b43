package org.avmonitoring.agent.testing.backend;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code POST /ingest} as the simulator received it.
 *
 * @param headers    request headers, names in lower case
 * @param wireBytes  size of the body as sent (compressed)
 * @param batchId     the body's {@code batch_id}, null when the body was not JSON
 * @param resultCount how many entries its {@code results} had
 * @param body        the decompressed body, parsed; null when it was not valid JSON or bodies are not kept
 * @param status      the status the simulator answered
 * @param duplicate   true when a batch with the same {@code batch_id} had already been stored
 */
public record Ingest(Instant receivedAt, Map<String, List<String>> headers, int wireBytes, String batchId,
                     int resultCount, JsonNode body, int status, boolean duplicate) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean accepted() {
        return status / 100 == 2;
    }
}
