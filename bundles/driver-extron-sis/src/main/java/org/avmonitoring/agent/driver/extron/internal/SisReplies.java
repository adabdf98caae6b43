package org.avmonitoring.agent.driver.extron.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading SIS output, as Extron's user guides describe it: lines ended by CR LF, the {@code Password:} prompt
 * without a line end, errors {@code Enn} ({@code E10} invalid command, {@code E13} invalid value...), and the
 * replies of the common queries, with or without a verbose-mode tag ({@code Ver01*1.23}, {@code Pno60-1081-01}).
 */
final class SisReplies {
    static final int MAX_TEXT = 120;
    static final int MAX_INPUTS = 64;
    static final String PROMPT = "Password:";

    private static final Pattern ERROR = Pattern.compile("E(\\d{2})");
    /** A verbose-mode tag: three letters, then '*' or a two-digit index and '*', or nothing. */
    private static final Pattern TAG = Pattern.compile("^[A-Za-z]{3}(?:\\d{2}\\*|\\*)?(?=[-+0-9])");
    private static final Pattern FIRMWARE = Pattern.compile("\\d{1,3}\\.\\d{1,3}(?:\\.\\d{1,5})*");
    private static final Pattern PART = Pattern.compile("\\d{2}-\\d{3,5}-\\d{2,3}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d{1,3}(?:\\.\\d+)?");
    private static final Pattern SIGNALS = Pattern.compile("[01](?:[ *]?[01])*");

    private SisReplies() {
    }

    /**
     * The next CR LF (or LF) terminated line of {@code unread}, consumed, without its end; or the {@code Password:}
     * prompt once it is all that is left; or null to wait for more bytes.
     */
    static String nextLine(ByteBuffer unread) {
        for (int i = unread.position(); i < unread.limit(); i++) {
            if (unread.get(i) == '\n') {
                byte[] line = new byte[i - unread.position()];
                unread.get(line);
                unread.get(); // the LF
                return printable(new String(line, StandardCharsets.ISO_8859_1)).strip();
            }
        }
        String rest = new String(bytes(unread.duplicate()), StandardCharsets.ISO_8859_1);
        if (rest.strip().endsWith(PROMPT)) {
            unread.position(unread.limit());
            return PROMPT;
        }
        return null;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The two-digit code of an {@code Enn} error reply, or -1 when the line is not one. */
    static int errorCode(String line) {
        Matcher m = ERROR.matcher(line);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Whether {@code line} is the copyright banner a device sends on connect. */
    static boolean isBanner(String line) {
        return line.contains("Copyright") && line.contains("Extron");
    }

    /** The model named in the banner {@code (c) Copyright 2012, Extron Electronics, IN1608, V1.00, 60-1081-01}. */
    static String bannerModel(String line) {
        String[] fields = line.split(",");
        return fields.length >= 3 ? bounded(fields[2].strip()) : null;
    }

    static String firmware(String line) {
        Matcher m = FIRMWARE.matcher(untagged(line));
        return m.lookingAt() ? m.group() : null;
    }

    static String partNumber(String line) {
        Matcher m = PART.matcher(untagged(line));
        return m.lookingAt() ? m.group() : null;
    }

    /** The internal temperature in °C of a {@code 20STAT} reply ({@code +048.50}, {@code 48}, tagged or not). */
    static Double temperature(String line) {
        Matcher m = NUMBER.matcher(untagged(line));
        if (!m.lookingAt()) {
            return null;
        }
        double c = Double.parseDouble(m.group());
        return c > -60 && c < 200 ? c : null;
    }

    /** Signal presence per input of an {@code LS} reply ({@code 1 0 1 0}, {@code 1010}, {@code 1*0 1}). */
    static List<Boolean> signals(String line) {
        String body = untagged(line);
        if (!SIGNALS.matcher(body).matches()) {
            return null;
        }
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < body.length() && out.size() < MAX_INPUTS; i++) {
            char c = body.charAt(i);
            if (c == '0' || c == '1') {
                out.add(c == '1');
            }
        }
        return out;
    }

    private static String untagged(String line) {
        return TAG.matcher(line.strip()).replaceFirst("");
    }

    static String bounded(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_TEXT));
        for (int i = 0; i < s.length() && b.length() < MAX_TEXT; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c >= 0x7f ? ' ' : c);
        }
        return b.toString();
    }
}
