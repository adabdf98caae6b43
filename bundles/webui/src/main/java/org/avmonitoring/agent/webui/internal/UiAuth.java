package org.avmonitoring.agent.webui.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CSRF token of this process and the optional UI password with its sessions.
 *
 * <p>The password is configured as {@code {sha-256}<base64 of SHA-256(password)>} (framework property
 * {@code avmonitoring.ui.password}); a value in another form locks the UI rather than leaving it open.
 */
public final class UiAuth {
    public static final String SESSION_COOKIE = "AVMSESSION";
    static final String HASH_PREFIX = "{sha-256}";
    private static final int MAX_SESSIONS = 64;
    /** After this many wrong passwords in a row, logins are refused for {@link #LOCKOUT}: no guessing at full speed. */
    private static final int MAX_FAILURES = 5;
    private static final Duration LOCKOUT = Duration.ofSeconds(30);

    private final SecureRandom random = new SecureRandom();
    private final String csrfToken = randomToken();
    private final byte[] passwordHash;
    private final boolean passwordRequired;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private int failures;
    private Instant lockedUntil = Instant.MIN;

    /** @param passwordSetting null or blank for no password */
    public UiAuth(String passwordSetting, Duration idleTimeout, Clock clock) {
        this.passwordRequired = passwordSetting != null && !passwordSetting.isBlank();
        this.passwordHash = passwordRequired ? decode(passwordSetting.trim()) : null;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    private static byte[] decode(String setting) {
        if (!setting.regionMatches(true, 0, HASH_PREFIX, 0, HASH_PREFIX.length())) {
            return null;
        }
        try {
            byte[] hash = Base64.getDecoder().decode(setting.substring(HASH_PREFIX.length()));
            return hash.length == 32 ? hash : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** False when a password is set but is not a valid {@code {sha-256}} hash: nobody can log in. */
    public boolean passwordSettingValid() {
        return !passwordRequired || passwordHash != null;
    }

    public boolean passwordRequired() {
        return passwordRequired;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public boolean csrfTokenMatches(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                csrfToken.getBytes(StandardCharsets.UTF_8));
    }

    /** True when no password is set or the request carries a live session cookie (which it then refreshes). */
    public boolean authenticated(ApiRequest req) {
        if (!passwordRequired) {
            return true;
        }
        String id = req.cookies().get(SESSION_COOKIE);
        if (id == null) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = sessions.get(id);
        if (last == null || last.plus(idleTimeout).isBefore(now)) {
            sessions.remove(id);
            return false;
        }
        sessions.put(id, now);
        return true;
    }

    Map<String, Object> sessionInfo(ApiRequest req) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("csrf_token", csrfToken);
        out.put("password_required", passwordRequired);
        out.put("authenticated", authenticated(req));
        return out;
    }

    synchronized ApiResponse login(String password) {
        if (!passwordRequired) {
            return ApiResponse.ok(Map.of("authenticated", true));
        }
        Instant now = clock.instant();
        if (now.isBefore(lockedUntil)) {
            return ApiResponse.error(429, "password", "too many wrong passwords: wait "
                    + Math.max(1, Duration.between(now, lockedUntil).toSeconds()) + " s")
                    .withHeader("Retry-After", Long.toString(Math.max(1, Duration.between(now, lockedUntil).toSeconds())));
        }
        if (passwordHash == null || !MessageDigest.isEqual(sha256(password), passwordHash)) {
            if (++failures >= MAX_FAILURES) {
                failures = 0;
                lockedUntil = now.plus(LOCKOUT);
            }
            return ApiResponse.error(401, "password", "wrong password");
        }
        failures = 0;
        sessions.entrySet().removeIf(e -> e.getValue().plus(idleTimeout).isBefore(now));
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        String id = randomToken();
        sessions.put(id, now);
        return ApiResponse.ok(Map.of("authenticated", true)).withHeader("Set-Cookie",
                SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict");
    }

    ApiResponse logout(ApiRequest req) {
        String id = req.cookies().get(SESSION_COOKIE);
        if (id != null) {
            sessions.remove(id);
        }
        return ApiResponse.noContent().withHeader("Set-Cookie",
                SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    /** The value to put in {@code avmonitoring.ui.password} for {@code password}. */
    public static String hashSetting(String password) {
        return HASH_PREFIX + Base64.getEncoder().encodeToString(sha256(password));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
