package org.avmonitoring.agent.driver.tesira.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the bytes of a Telnet connection into text lines. The Tesira server opens with option negotiation
 * (RFC 854/855: {@code IAC DO|WILL|DONT|WONT <option>}, sub-negotiations {@code IAC SB ... IAC SE}); this client
 * wants none of the options, so every {@code DO} is refused with {@code WONT} and every {@code WILL} with
 * {@code DONT}, and the rest is dropped. Lines end with LF (a CR before it is dropped). Holds at most
 * {@link #MAX_LINE} bytes of an unfinished line.
 */
final class TelnetLines {
    static final int MAX_LINE = 64 * 1024;

    static final int IAC = 255;
    static final int DONT = 254;
    static final int DO = 253;
    static final int WONT = 252;
    static final int WILL = 251;
    static final int SB = 250;
    static final int SE = 240;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean inSubnegotiation;

    /** What one call found: complete lines, and the negotiation answers to send (empty when none). */
    record Result(List<String> lines, byte[] answers) {
    }

    /**
     * Consumes every complete Telnet unit of {@code in}; an incomplete command at the end stays in the buffer.
     *
     * @throws TtpSyntaxException when a line grows beyond {@link #MAX_LINE}
     */
    Result consume(ByteBuffer in) throws TtpSyntaxException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            int b = in.get(in.position()) & 0xff;
            if (b == IAC) {
                if (in.remaining() < 2) {
                    return new Result(lines, answers.toByteArray());
                }
                int cmd = in.get(in.position() + 1) & 0xff;
                if (cmd >= WILL && cmd <= DONT) {
                    if (in.remaining() < 3) {
                        return new Result(lines, answers.toByteArray());
                    }
                    int option = in.get(in.position() + 2) & 0xff;
                    in.position(in.position() + 3);
                    if (cmd == DO) {
                        answers.write(new byte[] {(byte) IAC, (byte) WONT, (byte) option}, 0, 3);
                    } else if (cmd == WILL) {
                        answers.write(new byte[] {(byte) IAC, (byte) DONT, (byte) option}, 0, 3);
                    }
                    continue;
                }
                in.position(in.position() + 2);
                if (cmd == SB) {
                    inSubnegotiation = true;
                } else if (cmd == SE) {
                    inSubnegotiation = false;
                } else if (cmd == IAC && !inSubnegotiation) {
                    append(lines, IAC); // an escaped 255 data byte
                }
                continue;
            }
            in.get();
            if (!inSubnegotiation) {
                append(lines, b);
            }
        }
        return new Result(lines, answers.toByteArray());
    }

    private void append(List<String> lines, int b) throws TtpSyntaxException {
        if (b == '\n') {
            byte[] bytes = line.toByteArray();
            int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            lines.add(new String(bytes, 0, n, StandardCharsets.UTF_8));
            line.reset();
        } else if (b != 0) { // NUL follows a bare CR in Telnet's NVT (RFC 854): not text
            if (line.size() >= MAX_LINE) {
                line.reset();
                throw new TtpSyntaxException("a line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    /** The unfinished line so far (a prompt such as {@code login:} has no LF). */
    String pending() {
        return new String(line.toByteArray(), StandardCharsets.UTF_8);
    }
}
