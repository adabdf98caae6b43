package org.avmonitoring.agent.driver.necdisplay.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * NEC "External Control" packets (NEC large-format display manuals, section 4): header
 * {@code SOH '0' DEST SRC TYPE LEN}, message {@code STX ... ETX}, BCC (XOR of every byte after SOH through ETX), CR.
 * LEN is two ASCII hex digits counting STX to ETX. Monitor id n is addressed as {@code 0x40 + n} ('A' for 1), all
 * monitors as {@code '*'}; the controller is {@code '0'}. Message bytes are ASCII hex digits.
 */
final class NecCodec {
    static final byte SOH = 0x01;
    static final byte STX = 0x02;
    static final byte ETX = 0x03;
    static final byte CR = 0x0D;
    static final int MAX_PACKET = 7 + 255 + 2;
    static final int MAX_TEXT = 64;

    /** Message types: command, its reply, get parameter, its reply. */
    static final char COMMAND = 'A';
    static final char COMMAND_REPLY = 'B';
    static final char GET = 'C';
    static final char GET_REPLY = 'D';

    /** The NULL message: the monitor has nothing to answer now (busy with a power or input change, say). */
    static final String NULL_MESSAGE = "BE";

    private NecCodec() {
    }

    /** A received packet: who sent it, its type and its message (between STX and ETX, as ASCII). */
    record Packet(char source, char type, String message) {
        boolean isNull() {
            return message.equals(NULL_MESSAGE);
        }
    }

    /** A get parameter reply: the result (0 ok, 1 unsupported), the maximum and current values. */
    record Parameter(int result, int max, int current) {
        boolean unsupported() {
            return result != 0;
        }
    }

    /** The destination byte for monitor id 1–100, or 0 for all monitors. */
    static byte destination(int monitorId) {
        return monitorId == 0 ? (byte) '*' : (byte) (0x40 + monitorId);
    }

    /** A packet from the controller to {@code monitorId}. */
    static byte[] packet(int monitorId, char type, String message) {
        byte[] m = message.getBytes(StandardCharsets.US_ASCII);
        int len = m.length + 2;
        byte[] p = new byte[7 + len + 2];
        p[0] = SOH;
        p[1] = '0';
        p[2] = destination(monitorId);
        p[3] = '0';
        p[4] = (byte) type;
        byte[] lenDigits = HexFormat.of().withUpperCase().toHexDigits((byte) len).getBytes(StandardCharsets.US_ASCII);
        p[5] = lenDigits[0];
        p[6] = lenDigits[1];
        p[7] = STX;
        System.arraycopy(m, 0, p, 8, m.length);
        p[8 + m.length] = ETX;
        p[p.length - 2] = bcc(p, p.length - 2);
        p[p.length - 1] = CR;
        return p;
    }

    /** XOR of bytes 1 (after SOH) to {@code end} (exclusive). */
    static byte bcc(byte[] p, int end) {
        byte x = 0;
        for (int i = 1; i < end; i++) {
            x ^= p[i];
        }
        return x;
    }

    /**
     * The next whole packet in {@code in} (position advanced past it), or null when more bytes are needed (position
     * unchanged). Anything but a well-formed packet to the controller is an error.
     */
    static Packet next(ByteBuffer in) throws NecProtocolException {
        int start = in.position();
        if (!in.hasRemaining()) {
            return null;
        }
        if (in.get(start) != SOH) {
            throw new NecProtocolException("packet does not start with SOH but " + hex(in.get(start)));
        }
        if (in.remaining() < 7) {
            return null;
        }
        int len = hexByte(in.get(start + 5), in.get(start + 6));
        if (len < 2) {
            throw new NecProtocolException("invalid message length in the header");
        }
        int total = 7 + len + 2;
        if (in.remaining() < total) {
            return null;
        }
        byte[] p = new byte[total];
        in.get(start, p);
        if (p[7] != STX || p[6 + len] != ETX) {
            throw new NecProtocolException("message not framed by STX and ETX");
        }
        byte bcc = bcc(p, total - 2);
        if (bcc != p[total - 2]) {
            throw new NecProtocolException("packet with a wrong check code (BCC " + hex(p[total - 2]) + ", expected "
                    + hex(bcc) + ")");
        }
        if (p[total - 1] != CR) {
            throw new NecProtocolException("packet not ended by CR");
        }
        if (p[2] != '0') {
            throw new NecProtocolException("packet addressed to " + hex(p[2]) + ", not to the controller");
        }
        for (int i = 8; i < 6 + len; i++) {
            if (p[i] < 0x20 || p[i] > 0x7e) {
                throw new NecProtocolException("message holds byte " + hex(p[i]));
            }
        }
        in.position(start + total);
        return new Packet((char) (p[3] & 0xff), (char) (p[4] & 0xff),
                new String(p, 8, len - 2, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT));
    }

    /**
     * The power status read reply ({@code 02 result D6 type max current}): 1 on, 2 standby, 3 suspend, 4 off; null
     * when the result code says unsupported.
     */
    static Integer powerMode(Packet p) throws NecProtocolException {
        String m = expect(p, COMMAND_REPLY, "02", 16);
        if (!m.startsWith("D6", 4)) {
            throw new NecProtocolException("not a power status reply: " + shown(m));
        }
        return hex(m, 2, 4) != 0 ? null : hex(m, 12, 16);
    }

    static String power(int mode) throws NecProtocolException {
        switch (mode) {
            case 1: return "on";
            case 2: return "standby";
            case 3: return "suspend";
            case 4: return "off";
            default: throw new NecProtocolException("unknown power mode " + mode);
        }
    }

    /** A get parameter reply for {@code pageAndCode} (4 hex digits): result, page, code, type, max, current. */
    static Parameter parameter(Packet p, String pageAndCode) throws NecProtocolException {
        if (p.type() != GET_REPLY || p.message().length() != 16
                || !p.message().startsWith(pageAndCode, 2)) {
            throw new NecProtocolException("not the reply to get parameter " + pageAndCode + ": "
                    + shown(p.message()));
        }
        return new Parameter(hex(p.message(), 0, 2), hex(p.message(), 8, 12), hex(p.message(), 12, 16));
    }

    /** The self-diagnosis reply ({@code A1} then one status code per two digits); {@code [0]} is normal. */
    static int[] diagnosis(Packet p) throws NecProtocolException {
        String m = expect(p, COMMAND_REPLY, "A1", -1);
        int n = (m.length() - 2) / 2;
        if (n == 0 || m.length() % 2 != 0) {
            throw new NecProtocolException("self-diagnosis reply without status codes: " + shown(m));
        }
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            codes[i] = hex(m, 2 + 2 * i, 4 + 2 * i);
        }
        return codes;
    }

    /** A serial number ({@code C316}) or model name ({@code C317}) reply: text as hex pairs, up to a NUL. */
    static String text(Packet p, String replyCode) throws NecProtocolException {
        String m = expect(p, COMMAND_REPLY, replyCode, -1);
        if (m.length() % 2 != 0) {
            throw new NecProtocolException("odd number of hex digits in " + replyCode + " reply");
        }
        StringBuilder s = new StringBuilder();
        for (int i = 4; i < m.length() && s.length() < MAX_TEXT; i += 2) {
            int c = hex(m, i, i + 2);
            if (c == 0) {
                break;
            }
            if (c < 0x20 || c > 0x7e) {
                throw new NecProtocolException("text in " + replyCode + " reply holds byte " + hex((byte) c));
            }
            s.append((char) c);
        }
        return s.toString().trim();
    }

    private static String expect(Packet p, char type, String prefix, int length) throws NecProtocolException {
        String m = p.message();
        if (p.type() != type || !m.startsWith(prefix) || length >= 0 && m.length() != length) {
            throw new NecProtocolException("expected a '" + type + "' " + prefix + " reply, got '" + p.type() + "' "
                    + shown(m));
        }
        return m;
    }

    private static int hex(String s, int from, int to) throws NecProtocolException {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                throw new NecProtocolException("not a hex digit in " + shown(s));
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static int hexByte(byte hi, byte lo) throws NecProtocolException {
        int h = Character.digit(hi, 16);
        int l = Character.digit(lo, 16);
        if (h < 0 || l < 0) {
            throw new NecProtocolException("message length is not two hex digits");
        }
        return h * 16 + l;
    }

    /** A message as an error may quote it: at most 40 characters. */
    private static String shown(String m) {
        return m.length() <= 40 ? m : m.substring(0, 40) + "...";
    }

    static String hex(byte b) {
        return "0x" + HexFormat.of().withUpperCase().toHexDigits(b);
    }
}
