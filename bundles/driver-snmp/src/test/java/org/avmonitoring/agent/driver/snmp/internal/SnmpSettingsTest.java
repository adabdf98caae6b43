package org.avmonitoring.agent.driver.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingDescription;
import org.junit.jupiter.api.Test;

class SnmpSettingsTest {

    static List<String> problems(Object snmp) {
        Device d = new Device("dsp-1", null, "snmp", "10.0.2.5", 161, null, true, null,
                snmp == null ? Map.of() : Map.of("snmp", snmp));
        return SnmpSettings.validate(d).stream().map(ValidationProblem::toString).toList();
    }

    @Test
    void theIssueExamplesAreValid() {
        assertEquals(List.of(), problems(Map.of("version", "3", "user", "monitor", "auth_protocol", "SHA256",
                "auth_password", "CHANGE-ME-1", "priv_protocol", "AES", "priv_password", "CHANGE-ME-2", "timeout_ms", 1500,
                "retries", 1, "oids", List.of(Map.of("oid", "1.3.6.1.4.1.1248.4.1.1.1.1.0", "label", "lamp_hours", "type", "integer")))));
        assertEquals(List.of(), problems(Map.of("version", "2c", "community", "CHANGE-ME")));
        assertEquals(List.of(), problems(Map.of("version", 1, "community", "CHANGE-ME")));
    }

    @Test
    void protocolNamesVersionsAndBoundsAreInTheDescription() {
        SettingDescription snmp = SnmpDescription.DESCRIPTION.setting("snmp");
        assertEquals(List.of("MD5", "SHA", "SHA224", "SHA256", "SHA384", "SHA512"), values(snmp.field("auth_protocol")));
        assertEquals(List.of("DES", "AES", "AES192", "AES256"), values(snmp.field("priv_protocol")));
        assertEquals(List.of("1", "2c", "3"), values(snmp.field("version")));
        assertEquals(List.of("integer", "counter", "gauge", "timeticks", "string"),
                values(snmp.field("oids").field("type")));
        assertEquals(60_000, snmp.field("timeout_ms").max());
        assertEquals(5, snmp.field("retries").max());
        assertTrue(snmp.field("auth_password").secret() && snmp.field("community").secret());
        // what the description already refuses is not named twice by the driver
        assertEquals(List.of(), problems(Map.of("version", "2")));
    }

    static List<String> values(SettingDescription s) {
        return s.choices().stream().map(SettingDescription.Choice::value).toList();
    }

    @Test
    void missingCredentialsAndMixedVersionsAreNamed() {
        assertEquals(List.of("snmp.community: is required for SNMP v2c"), problems(null));
        assertEquals(List.of("snmp.user: is required for SNMP v3"), problems(Map.of("version", "3")));
        assertEquals(List.of("snmp.auth_password: is required when auth_protocol is set"),
                problems(Map.of("version", "3", "user", "u", "auth_protocol", "SHA")));
        assertEquals(List.of("snmp.priv_protocol: needs an auth_protocol too (USM has no privacy without authentication)"),
                problems(Map.of("version", "3", "user", "u", "priv_protocol", "AES", "priv_password", "CHANGE-ME-2")));
        assertEquals(List.of("snmp.user: applies to SNMP v3 only, not v2c"),
                problems(Map.of("version", "2c", "community", "CHANGE-ME", "user", "u")));
    }

    @Test
    void shortPassphraseIsRefusedWithoutEchoingIt() {
        List<String> p = problems(Map.of("version", "3", "user", "u", "auth_protocol", "SHA", "auth_password", "abc123"));
        assertEquals(List.of("snmp.auth_password: must be at least 8 characters"), p);
        assertFalse(p.toString().contains("abc123"));
    }

    @Test
    void oidEntriesAreCheckedOneByOne() {
        List<String> p = problems(Map.of("community", "CHANGE-ME", "oids", List.of(
                Map.of("oid", "1.3.6.1.2.1.1.7.0", "label", "sys_services", "type", "integer"),
                Map.of("oid", "iso.3.6", "label", "Lamp Hours", "type", "float"),
                Map.of("oid", "1.3.6.1.2.1.1.7.0", "label", "sys_services"),
                Map.of("oid", "1.3.6.1.2.1.1.3.0", "label", "sys_name"),
                "1.3.6.1.2.1.1.1.0")));
        assertEquals(List.of(
                "snmp.oids[1].oid: \"iso.3.6\" is not a numeric OID such as 1.3.6.1.4.1.1248.4.1.1.1.1.0",
                "snmp.oids[1].label: \"Lamp Hours\" must be lower-case letters, digits and _ (metric key), starting with a letter",
                "snmp.oids[2].label: \"sys_services\" is already used by another metric of this device",
                "snmp.oids[3].label: \"sys_name\" is already used by another metric of this device"), p);
    }

    @Test
    void toStringShowsNoSecret() {
        Device d = new Device("dsp-1", null, "snmp", "10.0.2.5", null, null, true, null, Map.of("snmp", Map.of("version", "3",
                "user", "monitor", "auth_protocol", "SHA256", "auth_password", "secret-auth-1", "priv_protocol", "AES",
                "priv_password", "secret-priv-1")));
        String s = SnmpSettings.of(d).toString();
        assertFalse(s.contains("secret-auth-1") || s.contains("secret-priv-1"), s);
    }
}
