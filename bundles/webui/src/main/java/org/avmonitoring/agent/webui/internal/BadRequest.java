package org.avmonitoring.agent.webui.internal;

import java.util.List;
import java.util.Map;

/** Invalid input found by the web UI itself (not by the config service): 400 with every problem, each with its field. */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Map<String, Object>> errors;

    BadRequest(String field, String message) {
        this(List.of(ApiResponse.fieldError(field, message)));
    }

    BadRequest(List<Map<String, Object>> errors) {
        super(String.valueOf(errors.get(0).get("message")), null, false, false);
        this.errors = List.copyOf(errors);
    }

    ApiResponse response() {
        return ApiResponse.errors(400, errors);
    }
}
