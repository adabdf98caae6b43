package org.avmonitoring.agent.api.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Secrets;

/**
 * The backend's answer to one request.
 *
 * @param body             the start of the answer (see {@link BackendRequest#maxOkBytes()})
 * @param retryAfterHeader the raw {@code Retry-After} header, if any
 */
public record BackendAnswer(int code, byte[] body, Optional<String> retryAfterHeader) {
    /** How much of an answer other than {@code 200} is read, for log lines and the status. */
    public static final int EXCERPT_BYTES = 200;
    /** Upper bound for a {@code Retry-After}: a backend asking for more is probably wrong. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    public boolean success() {
        return code / 100 == 2;
    }

    /** The wait {@code Retry-After} asks for (seconds or an HTTP date), capped at {@link #MAX_RETRY_AFTER}. */
    public Optional<Duration> retryAfter(Instant now) {
        if (retryAfterHeader.isEmpty()) {
            return Optional.empty();
        }
        String v = retryAfterHeader.get().trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    /**
     * The start of the answer on one line, " (text)", with the token masked should the backend echo it; empty for an
     * empty answer.
     */
    public String excerpt(Secret token) {
        String s = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        if (!token.isEmpty()) {
            s = s.replace(token.reveal(), Secrets.MASK);
        }
        return s.isEmpty() ? "" : " (" + s + ")";
    }
}
