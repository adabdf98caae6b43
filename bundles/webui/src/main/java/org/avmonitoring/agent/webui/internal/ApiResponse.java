package org.avmonitoring.agent.webui.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to answer: a status, an optional JSON body (maps, lists, strings, numbers) and extra headers.
 *
 * @param body null for no body (204, redirects)
 */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

    public ApiResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, null);
    }

    public static ApiResponse status(int status, Object body) {
        return new ApiResponse(status, body, null);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null);
    }

    /** The API's one error shape: {@code {"errors":[{"field":"host","message":"missing"}]}}. */
    public static ApiResponse error(int status, String field, String message) {
        return errors(status, List.of(fieldError(field, message)));
    }

    public static ApiResponse errors(int status, List<Map<String, Object>> errors) {
        return new ApiResponse(status, Map.of("errors", errors), null);
    }

    static Map<String, Object> fieldError(String field, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", field == null ? "" : field);
        e.put("message", message);
        return e;
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, body, h);
    }
}
