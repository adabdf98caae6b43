package org.avmonitoring.agent.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {

    static final String EXAMPLE = "{ \"site_name\": \"Campus Nord\",\n"
            + "  \"site_token\": \"CHANGE-ME\",\n"
            + "  \"backend_url\": \"https://backend.example.org/api\",\n"
            + "  \"collect_interval_s\": 60, \"report_interval_ok_s\": 300, \"report_interval_ko_s\": 60,"
            + "  \"config_sync_interval_s\": 300,\n"
            + "  \"devices\": [\n"
            + "    {\"id\": \"proj-101\", \"name\": \"Projecteur 101\", \"type\": \"pjlink\", \"host\": \"10.0.1.21\","
            + "     \"port\": 4352, \"password\": \"placeholder\", \"interval_s\": 60, \"enabled\": true},\n"
            + "    {\"id\": \"core-sw\", \"type\": \"snmp\", \"host\": \"10.0.0.2\","
            + "     \"snmp\": {\"version\": \"2c\", \"community\": \"placeholder\"}},\n"
            + "    {\"id\": \"display-3\", \"type\": \"ping\", \"host\": \"10.0.1.30\"} ] }";

    static ConfigCodec.Result parse(String json) {
        return ConfigCodec.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> problems(String json) {
        return parse(json).problems().stream().map(Object::toString).collect(Collectors.toList());
    }

    static final String TOO_DEEP = "{\"devices\": [], \"extra\": " + "[".repeat(990) + "]".repeat(990) + "}";

    @Test
    void aDocumentNestedTooDeepIsRefusedNamingTheLimit() {
        assertEquals(List.of("JSON nested deeper than 32 levels (objects and arrays within each other) at line 1"),
                problems(TOO_DEEP));
    }

    @Test
    void readsTheDocumentedExample() {
        ConfigCodec.Result r = parse(EXAMPLE);
        assertTrue(r.ok(), r.problems().toString());
        SiteConfig c = r.config();
        assertEquals("Campus Nord", c.settings().siteName());
        assertEquals("CHANGE-ME", c.settings().siteToken().reveal());
        assertEquals(3, c.devices().size());
        Device proj = c.devices().get(0);
        assertEquals("pjlink", proj.type());
        assertEquals(4352, proj.port());
        assertEquals("placeholder", proj.settings().get("password"));
        assertEquals("2c", c.devices().get(1).section("snmp").get("version"));
        Device ping = c.devices().get(2);
        assertNull(ping.port());
        assertTrue(ping.enabled());
        assertEquals(DeviceSource.LOCAL, ping.source());
        assertEquals(60, c.effective(ping).intervalS());
    }

    @Test
    void intervalsDefaultWhenAbsentAndBackendMayBeEmpty() {
        ConfigCodec.Result r = parse("{\"site_name\":\"x\",\"devices\":[]}");
        assertTrue(r.ok());
        assertEquals(60, r.config().settings().collectIntervalS());
        assertEquals(300, r.config().settings().reportIntervalOkS());
        assertEquals(60, r.config().settings().reportIntervalKoS());
        assertEquals(300, r.config().settings().configSyncIntervalS());
        assertTrue(r.config().settings().standalone());
    }

    @Test
    void namesTheMissingField() {
        String json = "{\"devices\":[{\"id\":\"a\",\"type\":\"ping\",\"host\":\"h\"},{\"id\":\"b\",\"type\":\"ping\",\"host\":\"h\"},"
                + "{\"id\":\"c\",\"type\":\"ping\",\"host\":\"h\"},{\"id\":\"d\",\"type\":\"ping\"}]}";
        assertEquals(List.of("devices[3].host: missing"), problems(json));
    }

    @Test
    void rejectsAPortOutOfRange() {
        String json = "{\"devices\":[{\"id\":\"a\",\"type\":\"ping\",\"host\":\"h\"},"
                + "{\"id\":\"b\",\"type\":\"pjlink\",\"host\":\"h\",\"port\":70000}]}";
        assertEquals(List.of("devices[1].port: 70000 is not in 1..65535"), problems(json));
    }

    @Test
    void rejectsDuplicateIds() {
        String json = "{\"devices\":[{\"id\":\"proj-101\",\"type\":\"pjlink\",\"host\":\"a\"},"
                + "{\"id\":\"proj-101\",\"type\":\"pjlink\",\"host\":\"b\"}]}";
        List<String> p = problems(json);
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("devices: duplicate id \"proj-101\""), p.get(0));
    }

    @Test
    void reportsEveryProblemNotOnlyTheFirst() {
        String json = "{\"collect_interval_s\":\"often\",\"backend_url\":\"ftp://x\",\"devices\":["
                + "{\"type\":\"ping\",\"host\":\"h\",\"enabled\":\"yes\"},{\"id\":\"b\",\"type\":\"ping\",\"host\":\"h\",\"source\":\"cloud\"}]}";
        List<String> p = problems(json);
        assertTrue(p.contains("collect_interval_s: must be an integer, not a string"), p.toString());
        assertTrue(p.contains("backend_url: must be an http(s) URL or empty"), p.toString());
        assertTrue(p.contains("devices[0].id: missing"), p.toString());
        assertTrue(p.contains("devices[0].enabled: must be true or false, not a string"), p.toString());
        assertTrue(p.contains("devices[1].source: \"cloud\" is not local or backend"), p.toString());
    }

    @Test
    void malformedJsonSaysWhereAndNeverEchoesTheContent() {
        String json = "{\"site_token\": \"s3cr3t-t0ken-value\",\n \"devices\": [ }";
        List<String> p = problems(json);
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("invalid JSON at line 2"), p.get(0));
        assertFalse(p.get(0).contains("s3cr3t"), p.get(0));
    }

    @Test
    void anUnquotedTokenIsNotEchoedInTheError() {
        List<String> p = problems("{\"site_name\": \"a\",\n \"site_token\": S3CR3T-T0KEN}");
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("invalid JSON at line 2"), p.get(0));
        assertTrue(p.get(0).contains("Unrecognized token"), p.get(0));
        assertFalse(p.get(0).contains("S3CR3T"), p.get(0));
        List<String> c = problems("{\"site_token\": x9}");
        assertFalse(c.get(0).contains("x9") || c.get(0).contains("'x'") || c.get(0).contains("120"), c.get(0));
    }

    @Test
    void duplicateKeysAreAnError() {
        List<String> p = problems("{\"site_name\":\"a\",\"site_name\":\"b\"}");
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("Duplicate field 'site_name'"), p.get(0));
    }

    @Test
    void aShortIntervalIsAWarningNotAnError() {
        ConfigCodec.Result r = parse("{\"collect_interval_s\":2,\"devices\":[{\"id\":\"a\",\"type\":\"ping\",\"host\":\"h\",\"interval_s\":1}]}");
        assertTrue(r.ok());
        assertEquals(2, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(1).startsWith("devices[0].interval_s: 1 s is under"));
    }

    @Test
    void unknownKeysSurviveARewrite() {
        String json = "{\"site_name\":\"s\",\"future_option\":{\"x\":[1,2]},\"driver_defaults\":{\"pjlink\":{\"lamp_hours_warning\":2800}},"
                + "\"devices\":[{\"id\":\"a\",\"type\":\"pjlink\",\"host\":\"h\",\"vendor_note\":\"left rack\",\"password\":\"p\"}]}";
        SiteConfig c = parse(json).config();
        SiteConfig again = ConfigCodec.parse(ConfigCodec.write(c)).config();
        assertEquals(c, again);
        assertEquals(Map.of("x", List.of(1, 2)), again.extras().get("future_option"));
        assertEquals("left rack", again.devices().get(0).settings().get("vendor_note"));
        assertEquals(2800, again.effective(again.devices().get(0)).settings().get("lamp_hours_warning"));
    }

    @Test
    void deviceToStringMasksSecrets() {
        Device d = parse(EXAMPLE).config().devices().get(1);
        String s = d.toString();
        assertFalse(s.contains("placeholder"), s);
        assertTrue(s.contains("community=********"), s);
    }
}
