package org.avmonitoring.agent.webui.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as the API sees it, independent of the servlet container (so that every rule is testable with
 * plain objects).
 *
 * @param path    the path below the context, e.g. {@code /api/devices/proj-1}
 * @param headers header values by name; looked up case-insensitively
 * @param cookies cookie values by name
 */
public record ApiRequest(String method, String path, Map<String, String> query, byte[] body,
                         Map<String, String> headers, Map<String, String> cookies) {

    public ApiRequest {
        method = method.toUpperCase(Locale.ROOT);
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        headers = h;
        cookies = cookies == null ? Map.of() : Map.copyOf(cookies);
    }

    /** This request with its body, once read. */
    public ApiRequest withBody(byte[] newBody) {
        return new ApiRequest(method, path, query, newBody, headers, cookies);
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** True for the methods that may change state; they need the CSRF token. */
    public boolean stateChanging() {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }
}
