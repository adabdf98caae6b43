package org.avmonitoring.agent.webui.internal;

import java.util.Locale;

/**
 * What the API decides about a request body from the headers alone, before reading it: its size and its type.
 * {@code Transfer-Encoding: chunked} has no length; its size is bounded while it is read.
 */
final class BodyRules {
    static final int MAX_BYTES = 256 * 1024;

    private BodyRules() {
    }

    /** Null when a body (if any) may be read, else the refusal. */
    static ApiResponse check(ApiRequest req, long contentLength) {
        if (contentLength > MAX_BYTES) {
            return ApiResponse.error(413, "", "body larger than " + MAX_BYTES + " bytes");
        }
        String type = req.header("Content-Type");
        if (hasBody(req, contentLength) && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            return ApiResponse.error(415, "Content-Type", "the body must be sent as application/json");
        }
        return null;
    }

    /** True when the request announces a body (a length above 0, or chunked). */
    static boolean hasBody(ApiRequest req, long contentLength) {
        return contentLength > 0 || (contentLength < 0 && req.header("Transfer-Encoding") != null);
    }
}
