package org.avmonitoring.agent.driver.samsungmdc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Samsung MDC frames (Samsung "Multiple Display Control" protocol document). A request is
 * {@code 0xAA, CMD, ID, LEN, DATA..., CHK}; CHK is the sum of every byte after 0xAA, mod 256; a get is a request
 * with no data. A reply is {@code 0xAA, 0xFF, ID, LEN, 'A' | 'N', R-CMD, VALUES..., CHK}, LEN counting from the
 * A/N byte to the last value; a NAK carries one error byte.
 */
final class MdcCodec {
    static final int HEADER = 0xAA;
    static final int RESPONSE = 0xFF;
    static final int MAX_FRAME = 4 + 255 + 1;
    /** What a display in "Secured Protocol" mode sends first (then expects a TLS handshake). */
    static final byte[] TLS_BANNER = "MDCSTART<<TLS>>".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_TEXT = 64;

    static final int STATUS = 0x00;
    static final int SERIAL_NUMBER = 0x0B;
    static final int DISPLAY_STATUS = 0x0D;
    static final int SOFTWARE_VERSION = 0x0E;
    static final int POWER = 0x11;
    static final int MODEL_NAME = 0x8A;

    private MdcCodec() {
    }

    /** A reply: the display id it came from, ACK or NAK, the command it answers and its values. */
    record Reply(int displayId, boolean ack, int command, byte[] values) {
        int value(int index) throws MdcProtocolException {
            if (index >= values.length) {
                throw new MdcProtocolException("reply to command " + hex(command) + " has " + values.length
                        + " values, expected at least " + (index + 1));
            }
            return values[index] & 0xff;
        }
    }

    /** The get request for {@code command} to display {@code displayId}. */
    static byte[] get(int command, int displayId) {
        byte[] f = {(byte) HEADER, (byte) command, (byte) displayId, 0, 0};
        f[4] = (byte) (command + displayId);
        return f;
    }

    /**
     * The next whole reply in {@code in} (position advanced past it), or null when more bytes are needed (position
     * unchanged).
     *
     * @throws SecuredProtocolException when the display opens with the Secured Protocol banner
     * @throws MdcProtocolException     for anything that is not an MDC reply (bad header or checksum)
     */
    static Reply next(ByteBuffer in) throws MdcProtocolException {
        int start = in.position();
        if (!in.hasRemaining()) {
            return null;
        }
        int first = in.get(start) & 0xff;
        if (first != HEADER) {
            if (first == TLS_BANNER[0]) {
                int n = Math.min(in.remaining(), TLS_BANNER.length);
                if (in.slice(start, n).equals(ByteBuffer.wrap(TLS_BANNER, 0, n))) {
                    if (n < TLS_BANNER.length) {
                        return null;
                    }
                    throw new SecuredProtocolException();
                }
            }
            throw new MdcProtocolException("reply does not start with 0xAA but " + hex(first));
        }
        if (in.remaining() < 4) {
            return null;
        }
        int kind = in.get(start + 1) & 0xff;
        if (kind != RESPONSE) {
            throw new MdcProtocolException("reply has command byte " + hex(kind) + ", expected 0xFF");
        }
        int len = in.get(start + 3) & 0xff;
        if (len < 2) {
            throw new MdcProtocolException("reply length " + len + " is too short for ACK/NAK and command");
        }
        if (in.remaining() < 5 + len) {
            return null;
        }
        int sum = 0;
        for (int i = 1; i < 4 + len; i++) {
            sum += in.get(start + i) & 0xff;
        }
        int chk = in.get(start + 4 + len) & 0xff;
        if ((sum & 0xff) != chk) {
            throw new MdcProtocolException("reply with a wrong checksum (" + hex(chk) + ", expected "
                    + hex(sum & 0xff) + ")");
        }
        int ackByte = in.get(start + 4) & 0xff;
        if (ackByte != 'A' && ackByte != 'N') {
            throw new MdcProtocolException("reply is neither ACK nor NAK (" + hex(ackByte) + ")");
        }
        byte[] values = new byte[len - 2];
        in.get(start + 6, values);
        Reply r = new Reply(in.get(start + 2) & 0xff, ackByte == 'A', in.get(start + 5) & 0xff, values);
        in.position(start + 5 + len);
        return r;
    }

    /** 0x11 power, or the first value of 0x00 status: 0 off (standby), 1 on, 2 reboot. */
    static String power(int code) throws MdcProtocolException {
        switch (code) {
            case 0: return "standby";
            case 1: return "on";
            case 2: return "rebooting";
            default: throw new MdcProtocolException("unknown power state " + hex(code));
        }
    }

    /**
     * A text value (serial number, model name, software version): printable ASCII up to the first NUL, trimmed;
     * possibly empty.
     */
    static String text(Reply r) throws MdcProtocolException {
        StringBuilder s = new StringBuilder();
        for (byte b : r.values()) {
            int c = b & 0xff;
            if (c == 0) {
                break;
            }
            if (c < 0x20 || c > 0x7e) {
                throw new MdcProtocolException("text reply to " + hex(r.command()) + " holds byte " + hex(c));
            }
            if (s.length() < MAX_TEXT) {
                s.append((char) c);
            }
        }
        return s.toString().trim();
    }

    /** The input code as the metric holds it: two upper-case hex digits ("21" = HDMI 1). */
    static String inputCode(int code) {
        return HexFormat.of().withUpperCase().toHexDigits((byte) code);
    }

    static String hex(int b) {
        return "0x" + HexFormat.of().withUpperCase().toHexDigits((byte) b);
    }

    /** The display is in "Secured Protocol" mode (TLS and PIN), which this driver does not speak. */
    static final class SecuredProtocolException extends MdcProtocolException {
        private static final long serialVersionUID = 1L;

        SecuredProtocolException() {
            super("the display asks for MDC's Secured Protocol (TLS with a PIN), which this driver does not speak:"
                    + " turn \"Secured Protocol\" off in the display's MDC settings");
        }
    }
}
