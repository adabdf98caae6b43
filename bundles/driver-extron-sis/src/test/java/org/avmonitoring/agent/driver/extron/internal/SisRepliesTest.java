package org.avmonitoring.agent.driver.extron.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** SIS line framing and reply parsing, including the verbose-mode tags some products add. */
class SisRepliesTest {

    @Test
    void linesArePromptsAreFramedPartialLinesWait() {
        ByteBuffer b = ByteBuffer.wrap("(c) Copyright 2012, Extron Electronics, IN1608, V1.00, 60-1081-01\r\nThu, 03 Dec\r\n\r\nPassword:"
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("(c) Copyright 2012, Extron Electronics, IN1608, V1.00, 60-1081-01", SisReplies.nextLine(b));
        assertEquals("Thu, 03 Dec", SisReplies.nextLine(b));
        assertEquals("", SisReplies.nextLine(b));
        assertEquals("Password:", SisReplies.nextLine(b));
        assertEquals(0, b.remaining());
        ByteBuffer partial = ByteBuffer.wrap("1.2".getBytes(StandardCharsets.US_ASCII));
        assertNull(SisReplies.nextLine(partial));
        assertEquals(3, partial.remaining(), "a partial line stays unread");
    }

    @Test
    void repliesWithAndWithoutTags() {
        assertEquals("IN1608", SisReplies.bannerModel("(c) Copyright 2012, Extron Electronics, IN1608, V1.00, 60-1081-01"));
        assertEquals("1.23", SisReplies.firmware("1.23"));
        assertEquals("1.05.0001", SisReplies.firmware("Ver01*1.05.0001"));
        assertEquals("60-1081-01", SisReplies.partNumber("Pno60-1081-01"));
        assertEquals(48.5, SisReplies.temperature("+048.50"));
        assertEquals(48.0, SisReplies.temperature("Sts00*048"));
        assertNull(SisReplies.temperature("hot"));
        assertEquals(List.of(true, false, true), SisReplies.signals("1 0 1"));
        assertEquals(List.of(true, false, false, true), SisReplies.signals("1001"));
        assertEquals(List.of(true, false, true), SisReplies.signals("1*0 1"));
        assertNull(SisReplies.signals("1 2 3"));
        assertEquals(10, SisReplies.errorCode("E10"));
        assertEquals(-1, SisReplies.errorCode("E1"));
    }
}
