package org.avmonitoring.agent.webui.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** Sends an {@link ApiResponse} over the servlet API: status, headers and the JSON body, never cached. */
final class JsonAnswer {
    private JsonAnswer() {
    }

    static void write(HttpServletResponse hres, ApiResponse r) throws IOException {
        hres.setStatus(r.status());
        r.headers().forEach(hres::setHeader);
        hres.setHeader("Cache-Control", "no-store");
        if (r.body() != null) {
            byte[] json = JsonBody.JSON_TEXT.asBytes(r.body());
            hres.setContentType("application/json");
            hres.setContentLength(json.length);
            hres.getOutputStream().write(json);
        }
    }
}
