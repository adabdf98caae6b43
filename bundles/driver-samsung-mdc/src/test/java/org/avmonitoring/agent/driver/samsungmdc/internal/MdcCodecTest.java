package org.avmonitoring.agent.driver.samsungmdc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class MdcCodecTest {

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @Test
    void aGetIsTheCommandWithNoDataAndTheSumAfterTheHeader() {
        // The MDC document's example: power get to display 1 is AA 11 01 00 12.
        assertArrayEquals(HexFormat.of().parseHex("aa11010012"), MdcCodec.get(0x11, 1));
        assertArrayEquals(HexFormat.of().parseHex("aa0dfe000b"), MdcCodec.get(0x0D, 0xFE));
    }

    @Test
    void readsAnAckWithItsValues() throws Exception {
        // AA FF 01 03 'A' 11 01 + checksum (FF+01+03+41+11+01 = 0x156)
        ByteBuffer in = bytes("aaff0103411101 56");
        MdcCodec.Reply r = MdcCodec.next(in);
        assertTrue(r.ack());
        assertEquals(1, r.displayId());
        assertEquals(0x11, r.command());
        assertEquals(1, r.value(0));
        assertFalse(in.hasRemaining());
        assertThrows(MdcProtocolException.class, () -> r.value(1));
    }

    @Test
    void readsANakWithItsErrorByte() throws Exception {
        MdcCodec.Reply r = MdcCodec.next(bytes("aaff01034e0d01 5f"));
        assertFalse(r.ack());
        assertEquals(0x0D, r.command());
    }

    @Test
    void waitsForTheRestOfAPartialFrameWithoutConsumingIt() throws Exception {
        ByteBuffer in = bytes("aaff010341");
        assertNull(MdcCodec.next(in));
        assertEquals(0, in.position());
    }

    @Test
    void aWrongChecksumIsAnError() {
        MdcProtocolException e = assertThrows(MdcProtocolException.class, () -> MdcCodec.next(bytes("aaff0103411101 57")));
        assertTrue(e.getMessage().contains("wrong checksum"), e.getMessage());
    }

    @Test
    void garbageIsAnErrorNotAWait() {
        assertThrows(MdcProtocolException.class, () -> MdcCodec.next(bytes("0102030405")));
        assertThrows(MdcProtocolException.class, () -> MdcCodec.next(bytes("aa110103")));
        assertThrows(MdcProtocolException.class, () -> MdcCodec.next(bytes("aaff0101 41 41")));
    }

    @Test
    void theSecuredProtocolBannerIsRecognisedEvenInPieces() throws Exception {
        ByteBuffer half = ByteBuffer.wrap("MDCSTA".getBytes(StandardCharsets.US_ASCII));
        assertNull(MdcCodec.next(half));
        MdcProtocolException e = assertThrows(MdcCodec.SecuredProtocolException.class,
                () -> MdcCodec.next(ByteBuffer.wrap(MdcCodec.TLS_BANNER)));
        assertTrue(e.getMessage().contains("Secured Protocol"));
        assertThrows(MdcProtocolException.class,
                () -> MdcCodec.next(ByteBuffer.wrap("MDX".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void textStopsAtNulAndRefusesControlBytes() throws Exception {
        MdcCodec.Reply serial = new MdcCodec.Reply(1, true, 0x0B, "ABC123 \0\0\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ABC123", MdcCodec.text(serial));
        MdcCodec.Reply bad = new MdcCodec.Reply(1, true, 0x0B, new byte[] {'A', 7});
        assertThrows(MdcProtocolException.class, () -> MdcCodec.text(bad));
    }

    @Test
    void powerAndInputCodes() throws Exception {
        assertEquals("standby", MdcCodec.power(0));
        assertEquals("on", MdcCodec.power(1));
        assertEquals("rebooting", MdcCodec.power(2));
        assertThrows(MdcProtocolException.class, () -> MdcCodec.power(9));
        assertEquals("21", MdcCodec.inputCode(0x21));
        assertEquals("0C", MdcCodec.inputCode(0x0C));
    }
}
