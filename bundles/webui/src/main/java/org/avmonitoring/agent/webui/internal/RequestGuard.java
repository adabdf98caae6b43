package org.avmonitoring.agent.webui.internal;

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
    /** Reachable without a session: the login page, its script, style and icon, and the session/login endpoints. */
    private static final Set<String> PUBLIC_PATHS =
            Set.of("/login.html", "/login.js", "/style.css", "/favicon.svg", "/api/session", "/api/login");

    static final ApiResponse FOREIGN_HOST =
            ApiResponse.error(403, "Host", "this agent answers only to localhost or 127.0.0.1");

    private final UiAuth auth;

    public RequestGuard(UiAuth auth) {
        this.auth = auth;
    }

    /** Null when the request may proceed, else the refusal to send. */
    public ApiResponse check(ApiRequest req) {
        String host = req.header("Host");
        if (!localHost(host)) {
            return FOREIGN_HOST;
        }
        if (!PUBLIC_PATHS.contains(req.path()) && !auth.authenticated(req)) {
            return req.path().startsWith("/api/")
                    ? ApiResponse.error(401, "", "log in first")
                    : new ApiResponse(302, null, null).withHeader("Location", "/login.html");
        }
        if (req.stateChanging()) {
            ApiResponse crossSite = crossSite(host, req.header("Origin"), req.header("Sec-Fetch-Site"));
            if (crossSite != null) {
                return crossSite;
            }
            if (!auth.csrfTokenMatches(req.header(CSRF_HEADER))) {
                return ApiResponse.error(403, CSRF_HEADER, "missing or wrong CSRF token (GET /api/session gives it)");
            }
        }
        return null;
    }

    /**
     * Null unless a state-changing request comes from another site: an {@code Origin} (when the browser sends one)
     * that is not this very origin, or {@code Sec-Fetch-Site: cross-site}.
     */
    static ApiResponse crossSite(String host, String origin, String secFetchSite) {
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            return ApiResponse.error(403, "Origin", "cross-origin request refused");
        }
        if ("cross-site".equalsIgnoreCase(secFetchSite)) {
            return ApiResponse.error(403, "Origin", "cross-site request refused");
        }
        return null;
    }

    /** {@code localhost} or {@code 127.0.0.1}, optionally with a numeric port; nothing else. */
    static boolean localHost(String host) {
        return host != null && LOCAL_HOST.matcher(host).matches();
    }
}
