package org.avmonitoring.agent.testing.backend;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One {@code POST /ingest} as the simulator received it.
 *
 * @param headers    request headers, names in lower case
 * @param wireBytes  size of the body as sent (compressed)
 * @param batchId     the body's {@code batch_id}, null when the body was not JSON
 * @param resultCount how many entries its {@code results} had
 * @param body        the decompressed body, parsed (maps, lists, strings, numbers, booleans, nulls); null when it was
 *                    not a JSON object or bodies are not kept
 * @param status      the status the simulator answered
 * @param duplicate   true when a batch with the same {@code batch_id} had already been stored
 */
public record Ingest(Instant receivedAt, Map<String, List<String>> headers, int wireBytes, String batchId,
                     int resultCount, Map<String, Object> body, int status, boolean duplicate) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean accepted() {
        return status / 100 == 2;
    }

    /** The body's {@code results}; empty when there are none (or no body). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> results() {
        return body != null && body.get("results") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** The value at {@code path} in the body ({@code at("health", "batches_buffered")}); null when absent. */
    public Object at(Object... path) {
        return valueAt(body, path);
    }

    /**
     * The value at {@code path} in parsed JSON: member names for objects, indexes for arrays
     * ({@code valueAt(result, "metrics", "lamp", "hours")}); null when a step is absent.
     */
    public static Object valueAt(Object json, Object... path) {
        Object v = json;
        for (Object step : path) {
            if (v instanceof Map<?, ?> m) {
                v = m.get(step);
            } else if (v instanceof List<?> l && step instanceof Integer i && i >= 0 && i < l.size()) {
                v = l.get(i);
            } else {
                return null;
            }
        }
        return v;
    }
}
