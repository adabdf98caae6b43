package org.avmonitoring.agent.driver.necdisplay.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class NecCodecTest {

    /** A packet from monitor {@code src} to the controller, framed by hand as the manual shows it. */
    static byte[] fromMonitor(char src, char type, String message) {
        byte[] m = message.getBytes(StandardCharsets.US_ASCII);
        String len = String.format("%02X", m.length + 2);
        byte[] p = new byte[9 + m.length + 2];
        p[0] = 1;
        p[1] = '0';
        p[2] = '0';
        p[3] = (byte) src;
        p[4] = (byte) type;
        p[5] = (byte) len.charAt(0);
        p[6] = (byte) len.charAt(1);
        p[7] = 2;
        System.arraycopy(m, 0, p, 8, m.length);
        p[8 + m.length] = 3;
        byte x = 0;
        for (int i = 1; i <= 8 + m.length; i++) {
            x ^= p[i];
        }
        p[9 + m.length] = x;
        p[10 + m.length] = 0x0D;
        return p;
    }

    @Test
    void thePowerStatusReadIsFramedAsInTheManual() {
        // SOH '0' 'A' '0' 'A' '0' '6' STX '0' '1' 'D' '6' ETX BCC CR; BCC = XOR of '0'..ETX.
        byte[] p = NecCodec.packet(1, 'A', "01D6");
        byte[] expected = {1, '0', 'A', '0', 'A', '0', '6', 2, '0', '1', 'D', '6', 3, 0, 0x0D};
        byte x = 0;
        for (int i = 1; i <= 12; i++) {
            x ^= expected[i];
        }
        expected[13] = x;
        assertArrayEquals(expected, p);
        assertEquals((byte) 0xA4, NecCodec.packet(100, 'A', "B1")[2]);
        assertEquals((byte) '*', NecCodec.packet(0, 'A', "B1")[2]);
    }

    @Test
    void readsThePowerStatusReply() throws Exception {
        NecCodec.Packet p = NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'B', "0200D60000040002")));
        assertEquals('A', p.source());
        assertEquals(2, NecCodec.powerMode(p));
        assertEquals("standby", NecCodec.power(2));
        assertNull(NecCodec.powerMode(NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'B', "0201D60000040000")))));
    }

    @Test
    void readsGetParameterReplies() throws Exception {
        NecCodec.Parameter v = NecCodec.parameter(
                NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'D', "00006200006400 1E".replace(" ", "")))), "0062");
        assertEquals(0, v.result());
        assertEquals(100, v.max());
        assertEquals(30, v.current());
        NecCodec.Parameter unsupported = NecCodec.parameter(
                NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'D', "0100620000000000"))), "0062");
        assertTrue(unsupported.unsupported());
        assertThrows(NecProtocolException.class, () -> NecCodec.parameter(
                NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'D', "0000600000880011"))), "0062"));
    }

    @Test
    void readsSelfDiagnosisAndText() throws Exception {
        assertArrayEquals(new int[] {0x80, 0x91},
                NecCodec.diagnosis(NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'B', "A18091")))));
        assertThrows(NecProtocolException.class,
                () -> NecCodec.diagnosis(NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'B', "A1")))));
        // The manual's example: 31 32 33 34 is "1234".
        assertEquals("1234", NecCodec.text(NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'B', "C31631323334"))), "C316"));
        assertEquals("AB", NecCodec.text(NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'B', "C31741420000"))), "C316".replace("6", "7")));
    }

    @Test
    void recognisesTheNullMessage() throws Exception {
        assertTrue(NecCodec.next(ByteBuffer.wrap(fromMonitor('A', 'B', "BE"))).isNull());
    }

    @Test
    void waitsForPartialPacketsAndRefusesBrokenOnes() throws Exception {
        byte[] whole = fromMonitor('A', 'B', "A100");
        ByteBuffer part = ByteBuffer.wrap(whole, 0, whole.length - 1);
        assertNull(NecCodec.next(part));
        assertEquals(0, part.position());
        byte[] badBcc = whole.clone();
        badBcc[badBcc.length - 2] ^= 0x11;
        assertTrue(assertThrows(NecProtocolException.class, () -> NecCodec.next(ByteBuffer.wrap(badBcc)))
                .getMessage().contains("check code"));
        assertThrows(NecProtocolException.class, () -> NecCodec.next(ByteBuffer.wrap(new byte[] {'x', 1, 2})));
        byte[] badLen = whole.clone();
        badLen[5] = 'G';
        assertThrows(NecProtocolException.class, () -> NecCodec.next(ByteBuffer.wrap(badLen)));
    }
}
