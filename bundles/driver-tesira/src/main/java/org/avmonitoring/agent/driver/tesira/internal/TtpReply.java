package org.avmonitoring.agent.driver.tesira.internal;

import java.util.Map;

/**
 * One line from a Tesira Text Protocol server, classified. TTP answers each command with {@code +OK} (optionally
 * followed by members such as {@code "value":...} or {@code "list":[...]}) or {@code -ERR <reason>}; subscriptions
 * push lines starting with {@code !}. Everything else (the echo of our own command, the banner, blank lines) is
 * {@link Kind#OTHER}.
 *
 * @param kind    what the line is
 * @param members for {@link Kind#OK}: the members after {@code +OK}, e.g. {@code value}
 * @param text    for {@link Kind#ERR}: the reason; for {@link Kind#OTHER}: the line
 */
record TtpReply(Kind kind, Map<String, Object> members, String text) {

    /** Longest excerpt of device text that goes into an error message or a metric. */
    static final int MAX_EXCERPT = 200;

    enum Kind { OK, ERR, PUSH, OTHER }

    static TtpReply parse(String line) throws TtpSyntaxException {
        String l = line.strip();
        if (l.equals("+OK") || l.startsWith("+OK ")) {
            return new TtpReply(Kind.OK, TtpValueParser.parseMembers(l.substring(3)), null);
        }
        if (l.startsWith("-ERR")) {
            String reason = l.substring(4).strip();
            return new TtpReply(Kind.ERR, Map.of(), bounded(reason.isEmpty() ? "error" : reason));
        }
        if (l.startsWith("!")) {
            return new TtpReply(Kind.PUSH, Map.of(), null);
        }
        return new TtpReply(Kind.OTHER, Map.of(), l);
    }

    /** The {@code "value"} member of an OK reply, or null. */
    Object value() {
        return members.get("value");
    }

    /** Device text cut to {@link #MAX_EXCERPT} characters, control characters replaced, for messages and metrics. */
    static String bounded(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_EXCERPT + 1));
        for (int i = 0; i < text.length() && b.length() < MAX_EXCERPT; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_EXCERPT) {
            b.append('…');
        }
        return b.toString();
    }
}
