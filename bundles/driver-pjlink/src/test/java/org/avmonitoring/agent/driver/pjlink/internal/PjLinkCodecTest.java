package org.avmonitoring.agent.driver.pjlink.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The codec against the specification's examples and the deviations seen in the field. */
class PjLinkCodecTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static PjLinkCodec.Reply reply(String line, String body) throws PjLinkProtocolException {
        return PjLinkCodec.parseReply(b(line), body);
    }

    @Test
    void digestIsTheSpecExample() {
        // PJLink class 2 spec §5.1: random 498e4a67, password JBMIAProjectorLink.
        assertEquals("5d8409bc1c3fa39749434aa3a5c38682", PjLinkCodec.digest("498e4a67", "JBMIAProjectorLink"));
    }

    @Test
    void greetings() throws PjLinkProtocolException {
        assertFalse(PjLinkCodec.parseGreeting(b("PJLINK 0")).authRequired());
        PjLinkCodec.Greeting g = PjLinkCodec.parseGreeting(b("pjlink 1 498E4a67"));
        assertTrue(g.authRequired());
        assertEquals("498E4a67", g.random(), "the random is used exactly as received");
        assertEquals("authentication failed", assertThrows(PjLinkProtocolException.class,
                () -> PjLinkCodec.parseGreeting(b("PJLINK ERRA"))).getMessage());
        assertEquals("not a PJLink greeting: \"HTTP/1.1 400\\x01\"", assertThrows(PjLinkProtocolException.class,
                () -> PjLinkCodec.parseGreeting(b("HTTP/1.1 400\u0001"))).getMessage());
    }

    @Test
    void repliesAreCaseInsensitiveAndErrorsRecognised() throws PjLinkProtocolException {
        assertEquals("on", PjLinkCodec.power(reply("%1powr=1", "POWR")));
        assertEquals(3, reply("%1POWR=err3", "POWR").error());
        assertEquals(4, reply("%1LAMP=ERR4", "LAMP").error());
        assertEquals(0, reply("%1NAME=ERR5", "NAME").error(), "ERR5 is not an error code: a name");
        assertThrows(PjLinkProtocolException.class, () -> reply("%1INPT=31", "POWR"));
        assertThrows(PjLinkProtocolException.class, () -> reply("%1POWR 1", "POWR"));
    }

    @Test
    void errorTextsStayShortForBinaryReplies() {
        // Found by the fuzz test: a binary line with a binary body gave a 201-character error text.
        byte[] line = new byte[256];
        java.util.Arrays.fill(line, (byte) 0x98);
        line[0] = '%';
        line[1] = '1';
        line[6] = '=';
        String message = assertThrows(PjLinkProtocolException.class, () -> PjLinkCodec.parseReply(line, "POWR")).getMessage();
        assertTrue(message.startsWith("not a reply to POWR: \"%1\\x98"), message);
        assertTrue(message.length() < 130, message.length() + ": " + message);
    }

    @Test
    void values() throws PjLinkProtocolException {
        assertEquals(1, PjLinkCodec.deviceClass(reply("%1CLSS=Class 1", "CLSS")));
        assertEquals("6Z", PjLinkCodec.input(reply("%2INPT=6z", "INPT")));
        assertArrayEquals(new Boolean[] {true, null}, PjLinkCodec.avMute(reply("%1AVMT=11", "AVMT")));
        assertArrayEquals(new String[] {"ok", "warning", "error", "ok", "ok", "ok"},
                PjLinkCodec.errorStatus(reply("%1ERST=012000", "ERST")));
        assertEquals(List.of(new PjLinkCodec.Lamp(99999, true), new PjLinkCodec.Lamp(0, false)),
                PjLinkCodec.lamps(reply("%1LAMP=99999 1 0 0", "LAMP")));
        assertEquals("12800x7200", PjLinkCodec.resolution(reply("%2IRES=12800x7200", "IRES")), "no digit limit");
        assertEquals("unknown", PjLinkCodec.resolution(reply("%2IRES=*", "IRES")));
        assertEquals("Room 101 Left", reply("%1NAME=Room 101 Left", "NAME").text());
        assertEquals("", reply("%1NAME=", "NAME").text());
        assertEquals("Caf\u00e9", PjLinkCodec.decodeText("Café".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Caf\u00e9", PjLinkCodec.decodeText("Café".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void framerCutsOnCrWhateverTheReads() throws PjLinkProtocolException {
        LineFramer f = new LineFramer();
        assertNull(f.next(ByteBuffer.wrap(b("%1PO"))));
        ByteBuffer rest = ByteBuffer.wrap(b("WR=1\r\n%1ERST=000000\r"));
        assertEquals("%1POWR=1", new String(f.next(rest), StandardCharsets.ISO_8859_1));
        assertEquals("%1ERST=000000", new String(f.next(rest), StandardCharsets.ISO_8859_1), "LF of CRLF dropped");
        assertNull(f.next(rest));
        ByteBuffer endless = ByteBuffer.wrap(new byte[1000]);
        assertEquals("reply line longer than 256 bytes",
                assertThrows(PjLinkProtocolException.class, () -> f.next(endless)).getMessage());
    }
}
