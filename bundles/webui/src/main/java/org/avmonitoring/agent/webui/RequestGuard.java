package org.avmonitoring.agent.webui;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every request of the UI passes before it is served, in this order:
 * <ol>
 * <li>the {@code Host} header names this machine ({@code localhost} or {@code 127.0.0.1}, any port), so that a
 * DNS-rebinding page in a local browser cannot reach the API (403);</li>
 * <li>with a UI password, a live session (401 for the API, a redirect to the login page for pages), except for the
 * login page and what it needs;</li>
 * <li>a state-changing request carries this process's CSRF token in {@code X-CSRF-Token}, and its {@code Origin},
 * when the browser sends one, is this very origin (403).</li>
 * </ol>
 */
public final class RequestGuard {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Pattern LOCAL_HOST = Pattern.compile("(?i)(localhost|127\\.0\\.0\\.1)(:\\d{1,5})?");
    /** Reachable without a session: the login page, its script and style, and the session/login endpoints. */
    private static final Set<String> PUBLIC_PATHS =
            Set.of("/login.html", "/login.js", "/style.css", "/api/session", "/api/login");

    private final UiAuth auth;

    public RequestGuard(UiAuth auth) {
        this.auth = auth;
    }

    /** Null when the request may proceed, else the refusal to send. */
    public ApiResponse check(ApiRequest req) {
        String host = req.header("Host");
        if (!localHost(host)) {
            return ApiResponse.error(403, "Host", "this UI answers only to localhost or 127.0.0.1");
        }
        if (!PUBLIC_PATHS.contains(req.path()) && !auth.authenticated(req)) {
            return req.path().startsWith("/api/")
                    ? ApiResponse.error(401, "", "log in first")
                    : new ApiResponse(302, null, null).withHeader("Location", "/login.html");
        }
        if (req.stateChanging()) {
            String origin = req.header("Origin");
            if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
                return ApiResponse.error(403, "Origin", "cross-origin request refused");
            }
            if ("cross-site".equalsIgnoreCase(req.header("Sec-Fetch-Site"))) {
                return ApiResponse.error(403, "Origin", "cross-site request refused");
            }
            if (!auth.csrfTokenMatches(req.header(CSRF_HEADER))) {
                return ApiResponse.error(403, CSRF_HEADER, "missing or wrong CSRF token (GET /api/session gives it)");
            }
        }
        return null;
    }

    /** {@code localhost} or {@code 127.0.0.1}, optionally with a numeric port; nothing else. */
    static boolean localHost(String host) {
        return host != null && LOCAL_HOST.matcher(host).matches();
    }
}
