package org.avmonitoring.agent.driver.tesira.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class TelnetLinesTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void refusesEveryOptionAndKeepsTheText() throws Exception {
        TelnetLines t = new TelnetLines();
        ByteBuffer in = ByteBuffer.allocate(200);
        in.put(bytes(255, 253, 1, 255, 251, 3, 255, 254, 5, 255, 250, 24, 1, 255, 240));
        in.put("\r\nWelcome to the Tesira Text Protocol Server...\r\n".getBytes(StandardCharsets.US_ASCII));
        in.flip();
        TelnetLines.Result r = t.consume(in);
        assertEquals(List.of("", "Welcome to the Tesira Text Protocol Server..."), r.lines());
        assertArrayEquals(bytes(255, 252, 1, 255, 254, 3), r.answers(), "DO → WONT, WILL → DONT, DONT ignored");
        assertEquals(0, in.remaining());
    }

    @Test
    void leavesAnIncompleteCommandForTheNextRead() throws Exception {
        TelnetLines t = new TelnetLines();
        ByteBuffer in = ByteBuffer.wrap(bytes('a', 255, 253));
        assertEquals(0, t.consume(in).answers().length);
        assertEquals(2, in.remaining());
        assertEquals("a", t.pending());
        ByteBuffer more = ByteBuffer.allocate(8);
        more.put(in).put(bytes(24, 'b', '\n')).flip();
        TelnetLines.Result r = t.consume(more);
        assertArrayEquals(bytes(255, 252, 24), r.answers());
        assertEquals(List.of("ab"), r.lines());
    }

    @Test
    void boundsALine() {
        TelnetLines t = new TelnetLines();
        ByteBuffer in = ByteBuffer.wrap(new byte[TelnetLines.MAX_LINE + 1]);
        in.put(0, (byte) 'x');
        java.util.Arrays.fill(in.array(), (byte) 'x');
        assertThrows(TtpSyntaxException.class, () -> t.consume(in));
    }
}
