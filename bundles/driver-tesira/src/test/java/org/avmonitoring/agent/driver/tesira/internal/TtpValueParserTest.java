package org.avmonitoring.agent.driver.tesira.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The examples of Biamp's TTP pages and of the fault-list answers published by TTP users. */
class TtpValueParserTest {

    @Test
    void readsScalarsAndSpaceSeparatedContainers() throws Exception {
        assertEquals(-12.5, TtpValueParser.parseValue("-12.500000"));
        assertEquals(Boolean.TRUE, TtpValueParser.parseValue("true"));
        assertEquals("my test string", TtpValueParser.parseValue("\"my test string\""));
        assertEquals(Map.of("label", "Hello", "command", "World"),
                TtpValueParser.parseValue("{\"label\":\"Hello\" \"command\":\"World\"}"));
        assertEquals(List.of("Hello", "World"), TtpValueParser.parseValue("[\"Hello\" \"World\"]"));
        assertEquals(List.of(), TtpValueParser.parseValue("[ ]"));
        assertEquals("4.14.0", TtpValueParser.parseValue("4.14.0"), "an unquoted version stays text");
        assertEquals("a\"b", TtpValueParser.parseValue("\"a\\\"b\""));
    }

    @Test
    void readsTheActiveFaultListWithBareEnumerations() throws Exception {
        TtpReply r = TtpReply.parse("+OK \"value\":[{\"id\":INDICATOR_MAJOR_IN_DEVICE \"name\":\"Major Fault in Device\""
                + " \"faults\":[{\"id\":FAULT_DANTE_FLOW_INACTIVE \"name\":\"one or more Dante flows inactive\"}]"
                + " \"serialNumber\":\"04870642\"} {\"id\":INDICATOR_MAJOR_IN_SYSTEM \"name\":\"Major Fault in System\""
                + " \"faults\":[] \"serialNumber\":\"04870642\"}]");
        assertEquals(TtpReply.Kind.OK, r.kind());
        List<?> entries = (List<?>) r.value();
        assertEquals(2, entries.size());
        Map<?, ?> first = (Map<?, ?>) entries.get(0);
        assertEquals("INDICATOR_MAJOR_IN_DEVICE", first.get("id"));
        assertEquals("04870642", first.get("serialNumber"));
        assertEquals("FAULT_DANTE_FLOW_INACTIVE", ((Map<?, ?>) ((List<?>) first.get("faults")).get(0)).get("id"));
    }

    @Test
    void classifiesReplyLines() throws Exception {
        assertEquals(TtpReply.Kind.OK, TtpReply.parse("+OK").kind());
        assertEquals(List.of(), TtpReply.parse("+OK \"failedDevices\":[ ]").members().get("failedDevices"));
        TtpReply err = TtpReply.parse("-ERR address not found: {\"address\":\"BadTag\"}");
        assertEquals(TtpReply.Kind.ERR, err.kind());
        assertEquals("address not found: {\"address\":\"BadTag\"}", err.text());
        assertEquals(TtpReply.Kind.PUSH, TtpReply.parse("! \"publishToken\":\"x\" \"value\":1").kind());
        assertEquals(TtpReply.Kind.OTHER, TtpReply.parse("DEVICE get version").kind());
    }

    @Test
    void refusesBrokenValuesWithAPlace() {
        for (String bad : new String[] {"{\"a\":1", "[1 2", "\"open", "{a:1}", "{\"a\" 1}", "1 2", "", "}"}) {
            TtpSyntaxException e = assertThrows(TtpSyntaxException.class, () -> TtpValueParser.parseValue(bad), bad);
            assertTrue(e.getMessage().contains("column"), e.getMessage());
        }
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThrows(TtpSyntaxException.class, () -> TtpValueParser.parseValue(deep));
    }
}
