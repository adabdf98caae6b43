package org.avmonitoring.agent.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestGuardTest {
    private static final String HOST = "127.0.0.1:8080";

    private final UiAuth open = new UiAuth(null, Duration.ofHours(1), Clock.systemUTC());
    private final RequestGuard guard = new RequestGuard(open);

    @Test
    void acceptsOnlyLocalHostNames() {
        for (String ok : List.of("localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:8080", "LOCALHOST:80")) {
            assertNull(guard.check(get("/api/devices", ok)), ok);
        }
        for (String bad : List.of("evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.nip.io",
                "127.0.0.2", "[::1]:8080", "user@localhost", "localhost:8080/x", "localhost:", "")) {
            assertRefused(guard.check(get("/api/devices", bad)), 403, "Host");
        }
        assertRefused(guard.check(get("/", null)), 403, "Host");
    }

    @Test
    void stateChangingRequestsNeedTheCsrfToken() {
        assertRefused(guard.check(post(Map.of())), 403, RequestGuard.CSRF_HEADER);
        assertRefused(guard.check(post(Map.of(RequestGuard.CSRF_HEADER, "guess"))), 403, RequestGuard.CSRF_HEADER);
        assertNull(guard.check(post(Map.of(RequestGuard.CSRF_HEADER, open.csrfToken()))));
        assertNull(guard.check(post(Map.of(RequestGuard.CSRF_HEADER, open.csrfToken(), "Origin", "http://" + HOST))));
        assertNull(guard.check(get("/api/devices", HOST)), "reads need no token");
    }

    @Test
    void aCrossOriginPostIsRefusedEvenWithTheToken() {
        assertRefused(guard.check(post(Map.of(RequestGuard.CSRF_HEADER, open.csrfToken(),
                "Origin", "http://evil.example"))), 403, "Origin");
        assertRefused(guard.check(post(Map.of(RequestGuard.CSRF_HEADER, open.csrfToken(),
                "Origin", "http://localhost:9999"))), 403, "Origin");
        assertRefused(guard.check(post(Map.of(RequestGuard.CSRF_HEADER, open.csrfToken(),
                "Origin", "null"))), 403, "Origin");
        assertRefused(guard.check(post(Map.of(RequestGuard.CSRF_HEADER, open.csrfToken(),
                "Sec-Fetch-Site", "cross-site"))), 403, "Origin");
    }

    @Test
    void eachProcessHasItsOwnUnguessableToken() {
        String other = new UiAuth(null, Duration.ofHours(1), Clock.systemUTC()).csrfToken();
        assertFalse(other.equals(open.csrfToken()));
        assertTrue(open.csrfToken().length() >= 40);
        assertEquals(open.csrfToken(), ApiRouterTest.map(router(open).handle(get("/api/session", HOST)).join()).get("csrf_token"));
    }

    @Test
    void withAPasswordEveryPageAndApiCallNeedsASession() {
        MutableClock clock = new MutableClock();
        UiAuth auth = new UiAuth(UiAuth.hashSetting("right-CHANGE-ME"), Duration.ofMinutes(30), clock);
        RequestGuard locked = new RequestGuard(auth);
        ApiRouter router = router(auth);

        assertRefused(locked.check(get("/api/devices", HOST)), 401, "");
        ApiResponse page = locked.check(get("/", HOST));
        assertEquals(302, page.status());
        assertEquals("/login.html", page.headers().get("Location"));
        assertNull(locked.check(get("/login.html", HOST)));
        assertNull(locked.check(get("/favicon.svg", HOST)), "the login page shows the icon too");
        assertNull(locked.check(get("/api/session", HOST)));
        assertEquals(false, ApiRouterTest.map(router.handle(get("/api/session", HOST)).join()).get("authenticated"));

        ApiRequest wrongLogin = login(auth, "wrong");
        assertNull(locked.check(wrongLogin), "login itself is reachable with the CSRF token");
        assertRefused(router.handle(wrongLogin).join(), 401, "password");

        ApiResponse ok = router.handle(login(auth, "right-CHANGE-ME")).join();
        assertEquals(200, ok.status());
        String cookie = ok.headers().get("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String session = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));

        ApiRequest withSession = new ApiRequest("GET", "/api/devices", null, null, Map.of("Host", HOST),
                Map.of(UiAuth.SESSION_COOKIE, session));
        assertNull(locked.check(withSession));
        assertRefused(locked.check(new ApiRequest("GET", "/api/devices", null, null, Map.of("Host", HOST),
                Map.of(UiAuth.SESSION_COOKIE, "forged"))), 401, "");

        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertRefused(locked.check(withSession), 401, "");
    }

    @Test
    void repeatedWrongPasswordsLockLoginsForAWhile() {
        MutableClock clock = new MutableClock();
        UiAuth auth = new UiAuth(UiAuth.hashSetting("right-CHANGE-ME"), Duration.ofMinutes(30), clock);
        ApiRouter router = router(auth);
        for (int i = 0; i < 5; i++) {
            assertRefused(router.handle(login(auth, "guess-" + i)).join(), 401, "password");
        }
        ApiResponse locked = router.handle(login(auth, "right-CHANGE-ME")).join();
        assertRefused(locked, 429, "password");
        assertEquals("30", locked.headers().get("Retry-After"));
        clock.now = clock.now.plusSeconds(31);
        assertEquals(200, router.handle(login(auth, "right-CHANGE-ME")).join().status());
    }

    @Test
    void logoutEndsTheSession() {
        UiAuth auth = new UiAuth(UiAuth.hashSetting("right-CHANGE-ME"), Duration.ofMinutes(30), Clock.systemUTC());
        ApiRouter router = router(auth);
        String cookie = router.handle(login(auth, "right-CHANGE-ME")).join().headers().get("Set-Cookie");
        Map<String, String> cookies = Map.of(UiAuth.SESSION_COOKIE, cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')));
        assertTrue(auth.authenticated(new ApiRequest("GET", "/", null, null, null, cookies)));
        router.handle(new ApiRequest("POST", "/api/logout", null, null, null, cookies)).join();
        assertFalse(auth.authenticated(new ApiRequest("GET", "/", null, null, null, cookies)));
    }

    @Test
    void aMalformedPasswordSettingLocksRatherThanOpens() {
        UiAuth auth = new UiAuth("plain-text-CHANGE-ME", Duration.ofMinutes(30), Clock.systemUTC());
        assertFalse(auth.passwordSettingValid());
        assertTrue(auth.passwordRequired());
        assertRefused(router(auth).handle(login(auth, "plain-text-CHANGE-ME")).join(), 401, "password");
        assertRefused(new RequestGuard(auth).check(get("/api/devices", HOST)), 401, "");
    }

    @Test
    void hashSettingIsTheInstallFormat() {
        // echo -n 'CHANGE-ME' | sha256sum | xxd -r -p | base64
        assertEquals("{sha-256}omjkfCqr/YyebqxhVWTUJtM/CLzX/SeJMVUXZ2mHqX8=", UiAuth.hashSetting("CHANGE-ME"));
    }

    private static ApiRouter router(UiAuth auth) {
        FakeConfigService config = new FakeConfigService(
                new org.avmonitoring.agent.api.config.SiteSettings("s", null, null, 60, 300, 60, 300), List.of());
        return new ApiRouter(new ApiRouter.Services(config, new FakeMonitorService(), () -> null, () -> null,
                Map::of, List::of, "1"), auth, Duration.ofSeconds(1));
    }

    private static ApiRequest login(UiAuth auth, String password) {
        return new ApiRequest("POST", "/api/login", null,
                ("{\"password\":\"" + password + "\"}").getBytes(StandardCharsets.UTF_8),
                Map.of("Host", HOST, RequestGuard.CSRF_HEADER, auth.csrfToken()), null);
    }

    private static ApiRequest get(String path, String host) {
        Map<String, String> headers = new HashMap<>();
        if (host != null) {
            headers.put("Host", host);
        }
        return new ApiRequest("GET", path, null, null, headers, null);
    }

    private static ApiRequest post(Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("host", HOST);
        return new ApiRequest("POST", "/api/devices", null, "{}".getBytes(StandardCharsets.UTF_8), headers, null);
    }

    private static void assertRefused(ApiResponse r, int status, String field) {
        assertNotNull(r, "expected a refusal");
        assertEquals(status, r.status());
        assertEquals(field, ApiRouterTest.list(ApiRouterTest.map(r).get("errors")).get(0).get("field"));
    }
}
