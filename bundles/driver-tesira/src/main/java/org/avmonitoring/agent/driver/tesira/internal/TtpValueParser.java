package org.avmonitoring.agent.driver.tesira.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the values of Tesira Text Protocol replies. TTP looks like JSON but is not: object members and array items
 * are separated by spaces (Biamp's examples: {@code {"label":"Hello" "command":"World"}}, {@code ["Hello" "World"]}),
 * enumerations are bare words ({@code "id":INDICATOR_MAJOR_IN_DEVICE}), and a reply line is the members of an object
 * without its braces ({@code +OK "value":-12.500000 }). Commas are accepted as separators too.
 *
 * <p>Gives {@link String} for quoted strings and bare words, {@link Double} for numbers, {@link Boolean},
 * {@link List} and {@link Map} (insertion-ordered). Input is bounded by the caller (one reply line); nesting is
 * bounded here, so hostile input costs at most linear time and fails with {@link TtpSyntaxException}.
 */
final class TtpValueParser {
    static final int MAX_DEPTH = 16;

    private final String s;
    private int pos;

    private TtpValueParser(String s) {
        this.s = s;
    }

    /** One value, the whole text (surrounding spaces allowed). */
    static Object parseValue(String text) throws TtpSyntaxException {
        TtpValueParser p = new TtpValueParser(text);
        Object v = p.value(0);
        p.expectEnd();
        return v;
    }

    /** Members {@code "key":value "key":value ...} without braces, as after {@code +OK}. Empty text → empty map. */
    static Map<String, Object> parseMembers(String text) throws TtpSyntaxException {
        TtpValueParser p = new TtpValueParser(text);
        Map<String, Object> members = new LinkedHashMap<>();
        p.skipSeparators();
        while (p.pos < p.s.length()) {
            p.member(members, 0);
            p.skipSeparators();
        }
        return members;
    }

    private Object value(int depth) throws TtpSyntaxException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        skipSpaces();
        if (pos >= s.length()) {
            throw error("value expected");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '"':
                return string();
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            default:
                if (c == '+' || isWordChar(c)) {
                    return scalar();
                }
                throw error("unexpected character '" + printable(c) + "'");
        }
    }

    private Map<String, Object> object(int depth) throws TtpSyntaxException {
        pos++; // '{'
        Map<String, Object> members = new LinkedHashMap<>();
        skipSeparators();
        while (pos < s.length() && s.charAt(pos) != '}') {
            member(members, depth + 1);
            skipSeparators();
        }
        if (pos >= s.length()) {
            throw error("'}' missing");
        }
        pos++;
        return members;
    }

    private void member(Map<String, Object> into, int depth) throws TtpSyntaxException {
        if (s.charAt(pos) != '"') {
            throw error("member name expected");
        }
        String key = string();
        skipSpaces();
        if (pos >= s.length() || s.charAt(pos) != ':') {
            throw error("':' expected after \"" + TtpReply.bounded(key) + "\"");
        }
        pos++;
        into.put(key, value(depth));
    }

    private List<Object> array(int depth) throws TtpSyntaxException {
        pos++; // '['
        List<Object> items = new ArrayList<>();
        skipSeparators();
        while (pos < s.length() && s.charAt(pos) != ']') {
            items.add(value(depth + 1));
            skipSeparators();
        }
        if (pos >= s.length()) {
            throw error("']' missing");
        }
        pos++;
        return items;
    }

    private String string() throws TtpSyntaxException {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && pos < s.length()) {
                char e = s.charAt(pos++);
                b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
            } else {
                b.append(c);
            }
        }
        throw error("closing '\"' missing");
    }

    /** A number, {@code true}/{@code false}, or a bare word (an enumeration, or an unquoted text like 4.14.0). */
    private Object scalar() {
        int start = pos;
        pos++;
        while (pos < s.length() && (isWordChar(s.charAt(pos)) || s.charAt(pos) == '+')) {
            pos++;
        }
        String w = s.substring(start, pos);
        if ("true".equals(w) || "false".equals(w)) {
            return Boolean.valueOf(w);
        }
        char c = w.charAt(0);
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
            try {
                return Double.valueOf(w);
            } catch (NumberFormatException e) {
                return w;
            }
        }
        return w;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private void skipSpaces() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private void skipSeparators() {
        while (pos < s.length() && (Character.isWhitespace(s.charAt(pos)) || s.charAt(pos) == ',')) {
            pos++;
        }
    }

    private void expectEnd() throws TtpSyntaxException {
        skipSpaces();
        if (pos < s.length()) {
            throw error("unexpected text after the value");
        }
    }

    private TtpSyntaxException error(String what) {
        return new TtpSyntaxException(what + " at column " + (pos + 1));
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
