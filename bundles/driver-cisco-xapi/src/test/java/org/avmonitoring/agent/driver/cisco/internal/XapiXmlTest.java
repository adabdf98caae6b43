package org.avmonitoring.agent.driver.cisco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XML reader refuses what could reach outside the document, and reads sections as the xAPI lays them out. */
class XapiXmlTest {

    @Test
    void externalEntitiesAndDoctypesAreRefused(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Status [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Status><SystemUnit><ProductId>&x;</ProductId></SystemUnit></Status>";
        XapiException e = assertThrows(XapiException.class, () -> XapiXml.parse(xxe.getBytes(StandardCharsets.UTF_8)));
        assertEquals("reply is not well-formed XML", e.getMessage());
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]><Status>&b;</Status>";
        assertThrows(XapiException.class, () -> XapiXml.parse(bomb.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oversizedRepliesAreRefusedBeforeParsing() {
        byte[] big = new byte[XapiXml.MAX_BYTES + 1];
        assertEquals("reply larger than " + XapiXml.MAX_BYTES + " bytes",
                assertThrows(XapiException.class, () -> XapiXml.parse(big)).getMessage());
    }

    @Test
    void aReplyThatIsNotAStatusDocumentIsAnError() {
        String error = "<?xml version=\"1.0\"?><XmlDoc><Status status=\"Error\"><Reason>No match</Reason></Status></XmlDoc>";
        assertThrows(XapiException.class, () -> StatusSections.STANDBY.readReply(
                XapiXml.parse(error.getBytes(StandardCharsets.UTF_8)), CheckResult.builder(Instant.EPOCH)));
    }

    @Test
    void anEmptySectionMeansNoMessagesAndControlCharactersAreBlanked() throws Exception {
        CheckResult.Builder r = CheckResult.builder(Instant.EPOCH);
        StatusSections.DIAGNOSTICS.readReply(XapiXml.parse("<Status/>".getBytes(StandardCharsets.UTF_8)), r);
        assertEquals(0, r.build().metrics().get("diagnostics_errors"));
        r = CheckResult.builder(Instant.EPOCH);
        StatusSections.SYSTEM_UNIT.readReply(XapiXml.parse("<Status><SystemUnit><ProductId>Room&#9;Kit</ProductId><Uptime>x</Uptime></SystemUnit></Status>"
                .getBytes(StandardCharsets.UTF_8)), r);
        CheckResult built = r.build();
        assertEquals("Room Kit", built.metrics().get("product"));
        assertEquals(null, built.metrics().get("uptime_s"), "a non-number is left out");
        assertEquals(Status.OK, built.status());
    }
}
