package org.avmonitoring.agent.driver.pjlink.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a byte stream into CR-terminated lines, whatever the reads look like (a reply may arrive one byte at a time,
 * or two replies in one read). A stray LF (CRLF devices) and empty lines are dropped. A line longer than
 * {@link PjLinkCodec#MAX_LINE} fails instead of growing memory.
 */
final class LineFramer {
    private final byte[] line = new byte[PjLinkCodec.MAX_LINE];
    private int length;

    /**
     * Consumes bytes from {@code in} up to and including the next CR; returns the line without it, or null when
     * {@code in} ran out first (the partial line is kept for the next call).
     */
    byte[] next(ByteBuffer in) throws PjLinkProtocolException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\r') {
                if (length == 0) {
                    continue;
                }
                byte[] out = Arrays.copyOf(line, length);
                length = 0;
                return out;
            }
            if (b == '\n' && length == 0) {
                continue;
            }
            if (length == line.length) {
                throw new PjLinkProtocolException("reply line longer than " + PjLinkCodec.MAX_LINE + " bytes");
            }
            line[length++] = b;
        }
        return null;
    }

    void reset() {
        length = 0;
    }
}
