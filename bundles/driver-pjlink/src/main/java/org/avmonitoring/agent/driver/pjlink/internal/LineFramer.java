package org.avmonitoring.agent.driver.pjlink.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a byte stream into CR-terminated lines, whatever the reads look like (a reply may arrive one byte at a time,
 * or two replies in one read). A stray LF (CRLF devices) and empty lines are dropped. A line longer than
 * {@link PjLinkCodec#MAX_LINE} fails instead of growing memory.
 *
 * <p>A line that arrives whole is copied once, straight out of the read buffer; only a line cut by the end of a read
 * is kept here until its CR comes, so a session that never sees one never holds a line buffer.
 */
final class LineFramer {
    private byte[] partial;
    private int length;

    /**
     * Consumes bytes from {@code in} up to and including the next CR; returns the line without it, or null when
     * {@code in} ran out first (the partial line is kept for the next call).
     */
    byte[] next(ByteBuffer in) throws PjLinkProtocolException {
        while (in.hasRemaining()) {
            int start = in.position();
            byte first = in.get(start);
            if (length == 0 && (first == '\r' || first == '\n')) {
                in.position(start + 1);
                continue;
            }
            int cr = start;
            while (cr < in.limit() && in.get(cr) != '\r') {
                cr++;
            }
            int n = cr - start;
            if (length + n > PjLinkCodec.MAX_LINE) {
                throw new PjLinkProtocolException("reply line longer than " + PjLinkCodec.MAX_LINE + " bytes");
            }
            if (cr == in.limit()) {
                if (partial == null) {
                    partial = new byte[PjLinkCodec.MAX_LINE];
                }
                in.get(start, partial, length, n);
                length += n;
                in.position(cr);
                return null;
            }
            in.position(cr + 1);
            byte[] line = length == 0 ? new byte[n] : Arrays.copyOf(partial, length + n);
            in.get(start, line, length, n);
            length = 0;
            return line;
        }
        return null;
    }

    void reset() {
        length = 0;
    }
}
