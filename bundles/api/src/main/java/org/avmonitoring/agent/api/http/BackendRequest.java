package org.avmonitoring.agent.api.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.avmonitoring.agent.api.Secret;

/**
 * One request to the backend: {@code path} below {@code backend_url}, the site token (sent as {@code X-Site-Token},
 * the only place it is revealed), extra headers, a body for a POST (null for a GET).
 *
 * @param maxOkBytes how much of a {@code 200} answer is read; any other answer is read up to
 *                   {@link BackendAnswer#EXCERPT_BYTES}
 */
public record BackendRequest(String backendUrl, String path, Secret token, Map<String, String> headers, byte[] body,
                             int maxOkBytes) {

    public BackendRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static BackendRequest get(String backendUrl, String path, Secret token, int maxOkBytes) {
        return new BackendRequest(backendUrl, path, token, Map.of(), null, maxOkBytes);
    }

    public static BackendRequest post(String backendUrl, String path, Secret token, byte[] body) {
        return new BackendRequest(backendUrl, path, token, Map.of(), body, BackendAnswer.EXCERPT_BYTES);
    }

    /** This request with one more header (in order). */
    public BackendRequest header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new BackendRequest(backendUrl, path, token, h, body, maxOkBytes);
    }
}
