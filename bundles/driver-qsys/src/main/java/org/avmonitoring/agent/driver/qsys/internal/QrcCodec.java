package org.avmonitoring.agent.driver.qsys.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * QRC framing and messages: JSON-RPC 2.0 objects, each followed by a NUL byte, both ways (Q-SYS help, "QRC").
 * Requests carry an {@code id}; the Core answers with the same id and a {@code result} or an {@code error}
 * ({@code code}, {@code message}); notifications such as {@code EngineStatus} carry a {@code method} and no id.
 */
final class QrcCodec {
    /** Far above a StatusGet answer or an EngineStatus (a few hundred bytes). */
    static final int MAX_FRAME = 64 * 1024;
    static final int MAX_TEXT = 200;

    private QrcCodec() {
    }

    /** A request frame, NUL-terminated. */
    static byte[] request(int id, String method, Map<String, Object> params) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("method", method);
        if (params != null) {
            m.put("params", params);
        }
        try {
            byte[] json = JSON.std.asBytes(m);
            byte[] framed = Arrays.copyOf(json, json.length + 1);
            framed[json.length] = 0;
            return framed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a QRC request", e); // plain maps of strings: cannot happen
        }
    }

    /**
     * The next complete frame of {@code unread} (consumed with its NUL), or null when none is complete yet.
     *
     * @throws QrcProtocolException when more than {@link #MAX_FRAME} bytes come without a NUL
     */
    static byte[] nextFrame(ByteBuffer unread) throws QrcProtocolException {
        for (int i = unread.position(); i < unread.limit(); i++) {
            if (unread.get(i) == 0) {
                byte[] frame = new byte[i - unread.position()];
                unread.get(frame);
                unread.get(); // the NUL
                return frame;
            }
        }
        if (unread.remaining() > MAX_FRAME) {
            throw new QrcProtocolException("more than " + MAX_FRAME + " bytes without a message end (NUL)");
        }
        return null;
    }

    /** One frame as a JSON object. Blank frames (a lone NUL, whitespace) give an empty map. */
    static Map<String, Object> parse(byte[] frame) throws QrcProtocolException {
        int start = 0;
        while (start < frame.length && Character.isWhitespace(frame[start])) {
            start++;
        }
        if (start == frame.length) {
            return Map.of();
        }
        try {
            Object o = JSON.std.anyFrom(frame);
            if (o instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) map;
                return m;
            }
            throw new QrcProtocolException("a message that is not a JSON object");
        } catch (IOException | RuntimeException e) {
            throw new QrcProtocolException("a message that is not JSON: " + excerpt(frame));
        }
    }

    /** Device text cut to {@link #MAX_TEXT} characters, control characters replaced. */
    static String bounded(Object value) {
        String text = String.valueOf(value);
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_TEXT + 1));
        for (int i = 0; i < text.length() && b.length() < MAX_TEXT; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_TEXT) {
            b.append('…');
        }
        return b.toString();
    }

    private static String excerpt(byte[] frame) {
        return bounded(new String(frame, 0, Math.min(frame.length, 60), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
