package org.avmonitoring.agent.driver.pjlink.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Encodes PJLink commands and decodes greetings, replies and reply values (PJLink class 1 v1.04 and class 2 v2.00).
 * Pure functions over bytes, so the parser can be fuzzed without sockets. Lenient where real devices deviate
 * (lower-case bodies, {@code CLSS=Class 1}, non-UTF-8 names), strict about structure: anything else is a
 * {@link PjLinkProtocolException} with a printable, bounded excerpt of what was received.
 */
final class PjLinkCodec {

    /** Longest line accepted from a device: a reply carries at most 128 parameter bytes plus a 7-byte header. */
    static final int MAX_LINE = 256;

    private static final String AUTH_ERROR = "PJLINK ERRA";
    private static final int EXCERPT = 40;
    private static final int EXCERPT_CHARS = 100;

    private PjLinkCodec() {
    }

    /** What the projector says on connect. */
    record Greeting(boolean authRequired, String random) {
    }

    /** One reply line: {@code %<class><BODY>=<param>}; {@code error} is 1..4 for ERR1..ERR4, 0 otherwise. */
    record Reply(char classDigit, String body, byte[] param, int error) {
        String text() {
            return decodeText(param);
        }
    }

    /** Parses {@code PJLINK 0} or {@code PJLINK 1 <random>}; the random is kept exactly as received. */
    static Greeting parseGreeting(byte[] line) throws PjLinkProtocolException {
        String s = new String(line, StandardCharsets.ISO_8859_1);
        if (s.regionMatches(true, 0, "PJLINK 0", 0, 8) && s.substring(8).isBlank()) {
            return new Greeting(false, null);
        }
        if (s.regionMatches(true, 0, "PJLINK 1 ", 0, 9)) {
            String random = s.substring(9).trim();
            if (!random.isEmpty() && random.length() <= 32 && isPrintableAscii(random)) {
                return new Greeting(true, random);
            }
        }
        if (isAuthError(line)) {
            throw new PjLinkProtocolException("authentication failed");
        }
        throw new PjLinkProtocolException("not a PJLink greeting: " + excerpt(line));
    }

    /** True for {@code PJLINK ERRA}, the projector's answer to a wrong or missing digest. */
    static boolean isAuthError(byte[] line) {
        // As String.trim() then equalsIgnoreCase on the Latin-1 text, without building it: asked of every reply.
        int from = 0;
        int to = line.length;
        while (from < to && (line[from] & 0xff) <= ' ') {
            from++;
        }
        while (to > from && (line[to - 1] & 0xff) <= ' ') {
            to--;
        }
        return to - from == AUTH_ERROR.length() && matchesIgnoreCase(line, from, AUTH_ERROR);
    }

    /** Whether {@code line} holds the ASCII text {@code ascii} at {@code from}, letters compared case-insensitively. */
    private static boolean matchesIgnoreCase(byte[] line, int from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            int b = line[from + i];
            int c = ascii.charAt(i);
            boolean same = Character.isLetter(c) ? (b | 0x20) == (c | 0x20) : b == c;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a reply to {@code expectedBody} (compared case-insensitively: devices answer {@code %1powr=0}).
     * Throws for a malformed line or a reply to another command.
     */
    static Reply parseReply(byte[] line, String expectedBody) throws PjLinkProtocolException {
        if (line.length < 7 || line[0] != '%' || line[6] != '=') {
            throw new PjLinkProtocolException("malformed reply: " + excerpt(line));
        }
        char classDigit = (char) line[1];
        if (classDigit < '1' || classDigit > '9') {
            throw new PjLinkProtocolException("malformed reply: " + excerpt(line));
        }
        if (expectedBody.length() != 4 || !matchesIgnoreCase(line, 2, expectedBody)) {
            throw new PjLinkProtocolException("not a reply to " + expectedBody + ": " + excerpt(line));
        }
        byte[] param = new byte[line.length - 7];
        System.arraycopy(line, 7, param, 0, param.length);
        return new Reply(classDigit, expectedBody, param, errorCode(param));
    }

    private static int errorCode(byte[] param) {
        if (param.length == 4 && (param[0] | 0x20) == 'e' && (param[1] | 0x20) == 'r' && (param[2] | 0x20) == 'r'
                && param[3] >= '1' && param[3] <= '4') {
            return param[3] - '0';
        }
        return 0;
    }

    /** lower-case hex of MD5(random + password), random exactly as the projector sent it (§5.1). */
    static String digest(String random, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((random + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    // ----- values -----

    /** POWR: 0 standby, 1 on, 2 cooling, 3 warm-up. */
    static String power(Reply r) throws PjLinkProtocolException {
        switch (r.text().trim()) {
            case "0": return "off";
            case "1": return "on";
            case "2": return "cooling";
            case "3": return "warming";
            default: throw new PjLinkProtocolException("unknown power state: " + excerpt(r.param()));
        }
    }

    /** CLSS: a digit, but some devices say {@code Class 1}; take the first digit. */
    static int deviceClass(Reply r) throws PjLinkProtocolException {
        for (byte b : r.param()) {
            if (b >= '1' && b <= '9') {
                return b - '0';
            }
        }
        throw new PjLinkProtocolException("no class digit in " + excerpt(r.param()));
    }

    /** An input code: two characters, type 1..6 then 1..9 or (class 2, internal) A..Z. Kept as text, never an integer. */
    static String input(Reply r) throws PjLinkProtocolException {
        String s = r.text().trim().toUpperCase(Locale.ROOT);
        if (s.length() == 2 && s.charAt(0) >= '1' && s.charAt(0) <= '9'
                && (Character.isDigit(s.charAt(1)) || (s.charAt(1) >= 'A' && s.charAt(1) <= 'Z'))) {
            return s;
        }
        throw new PjLinkProtocolException("invalid input code: " + excerpt(r.param()));
    }

    static String inputType(String code) {
        switch (code.charAt(0)) {
            case '1': return "rgb";
            case '2': return "video";
            case '3': return "digital";
            case '4': return "storage";
            case '5': return "network";
            case '6': return "internal";
            default: return "unknown";
        }
    }

    /** AVMT {@code <kind><on>}: kind 1 video, 2 audio, 3 both; returns [video mute, audio mute], null where not said. */
    static Boolean[] avMute(Reply r) throws PjLinkProtocolException {
        String s = r.text().trim();
        if (s.length() == 2 && s.charAt(0) >= '1' && s.charAt(0) <= '3' && (s.charAt(1) == '0' || s.charAt(1) == '1')) {
            Boolean on = s.charAt(1) == '1';
            switch (s.charAt(0)) {
                case '1': return new Boolean[] {on, null};
                case '2': return new Boolean[] {null, on};
                default: return new Boolean[] {on, on};
            }
        }
        throw new PjLinkProtocolException("invalid AV mute state: " + excerpt(r.param()));
    }

    static final String[] ERST_PARTS = {"fan", "lamp", "temperature", "cover", "filter", "other"};

    /** ERST: six digits (fan, lamp, temperature, cover, filter, other), each 0 ok, 1 warning, 2 error. */
    static String[] errorStatus(Reply r) throws PjLinkProtocolException {
        String s = r.text().trim();
        if (s.length() != 6) {
            throw new PjLinkProtocolException("invalid error status: " + excerpt(r.param()));
        }
        String[] out = new String[6];
        for (int i = 0; i < 6; i++) {
            switch (s.charAt(i)) {
                case '0': out[i] = "ok"; break;
                case '1': out[i] = "warning"; break;
                case '2': out[i] = "error"; break;
                default: throw new PjLinkProtocolException("invalid error status: " + excerpt(r.param()));
            }
        }
        return out;
    }

    /** One lamp: cumulative hours and whether it is lit. */
    record Lamp(int hours, boolean on) {
    }

    /** LAMP: {@code h1 s1 [h2 s2 ...]}, up to 8 lamps, hours 0..99999. */
    static List<Lamp> lamps(Reply r) throws PjLinkProtocolException {
        String[] parts = r.text().trim().split(" +");
        if (parts.length < 2 || parts.length % 2 != 0 || parts.length > 16) {
            throw new PjLinkProtocolException("invalid lamp status: " + excerpt(r.param()));
        }
        List<Lamp> lamps = new ArrayList<>();
        for (int i = 0; i < parts.length; i += 2) {
            int hours = hours(parts[i], r);
            String on = parts[i + 1];
            if (!on.equals("0") && !on.equals("1")) {
                throw new PjLinkProtocolException("invalid lamp status: " + excerpt(r.param()));
            }
            lamps.add(new Lamp(hours, on.equals("1")));
        }
        return lamps;
    }

    /** FILT: filter hours 0..99999. */
    static int filterHours(Reply r) throws PjLinkProtocolException {
        return hours(r.text().trim(), r);
    }

    private static int hours(String s, Reply r) throws PjLinkProtocolException {
        if (s.isEmpty() || s.length() > 6) {
            throw new PjLinkProtocolException("invalid hour count: " + excerpt(r.param()));
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new PjLinkProtocolException("invalid hour count: " + excerpt(r.param()));
            }
        }
        return Integer.parseInt(s);
    }

    /** IRES/RRES: {@code <h>x<v>} with any number of digits, {@code -} no signal, {@code *} unknown signal. */
    static String resolution(Reply r) throws PjLinkProtocolException {
        String s = r.text().trim().toLowerCase(Locale.ROOT);
        if (s.equals("-")) {
            return "no_signal";
        }
        if (s.equals("*")) {
            return "unknown";
        }
        int x = s.indexOf('x');
        if (x > 0 && x < s.length() - 1 && s.length() <= 24 && digits(s, 0, x) && digits(s, x + 1, s.length())) {
            return s;
        }
        throw new PjLinkProtocolException("invalid resolution: " + excerpt(r.param()));
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Free text (NAME, INF1, INNM, ...): UTF-8 as the class 2 spec requires, else Latin-1 as older firmware sends
     * (never fails); control characters become spaces; trimmed.
     */
    static String decodeText(byte[] bytes) {
        if (isPrintableAscii(bytes)) {
            return new String(bytes, StandardCharsets.ISO_8859_1).trim(); // what almost every device sends: no decoder
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            s = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString().trim();
    }

    /**
     * At most 40 bytes of what a device sent, non-printable ones as {@code \xNN}, never more than 100 characters:
     * safe for logs and error texts.
     */
    static String excerpt(byte[] bytes) {
        StringBuilder out = new StringBuilder("\"");
        int n = Math.min(bytes.length, EXCERPT);
        int i = 0;
        for (; i < n && out.length() < EXCERPT_CHARS; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        out.append('"');
        if (bytes.length > i) {
            out.append("...");
        }
        return out.toString();
    }

    private static boolean isPrintableAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) <= 0x20 || s.charAt(i) >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
