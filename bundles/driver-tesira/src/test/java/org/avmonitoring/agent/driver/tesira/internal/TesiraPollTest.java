package org.avmonitoring.agent.driver.tesira.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.junit.jupiter.api.Test;

class TesiraPollTest {

    private static CheckResult run(String faultReply, String versionReply) throws Exception {
        TesiraPoll p = new TesiraPoll(Instant.EPOCH);
        assertNull(p.accept("some noise"));
        assertEquals("DEVICE get activeFaultList\n", p.accept("Welcome to the Tesira Text Protocol Server..."));
        assertNull(p.accept("DEVICE get activeFaultList"), "the echo is not the answer");
        assertEquals("DEVICE get version\n", p.accept(faultReply));
        assertEquals("DEVICE get serialNumber\n", p.accept(versionReply));
        assertEquals("DEVICE get hostname\n", p.accept("+OK \"value\":\"04870642\""));
        assertNull(p.accept("-ERR address not found"));
        assertTrue(p.done());
        return p.result(3.0);
    }

    @Test
    void noFaultIsOk() throws Exception {
        CheckResult r = run("+OK \"value\":[{\"id\":INDICATOR_NONE_IN_DEVICE \"name\":\"No fault in device\" \"faults\":[]"
                + " \"serialNumber\":\"04870642\"}]", "+OK \"value\":\"4.2.3.22\"");
        assertEquals(Status.OK, r.status());
        assertNull(r.error());
        assertEquals("No fault in device", r.metrics().get("fault_indicator"));
        assertEquals(0, r.metrics().get("fault_count"));
        assertEquals("4.2.3.22", r.metrics().get("firmware_version"));
        assertEquals("04870642", r.metrics().get("serial_number"));
        assertNull(r.metrics().get("hostname"), "-ERR for the host name: no metric, no fault");
    }

    @Test
    void majorFaultIsKoAndNamed() throws Exception {
        CheckResult r = run("+OK \"value\":[{\"id\":INDICATOR_MAJOR_IN_DEVICE \"name\":\"Major Fault in Device\""
                + " \"faults\":[{\"id\":FAULT_DANTE_FLOW_INACTIVE \"name\":\"one or more Dante flows inactive\"}]"
                + " \"serialNumber\":\"1\"}]", "+OK \"value\":\"4.2\"");
        assertEquals(Status.KO, r.status());
        assertEquals("one or more Dante flows inactive", r.error());
        assertEquals(1, r.metrics().get("fault_count"));
    }

    @Test
    void minorFaultIsAWarning() throws Exception {
        CheckResult r = run("+OK \"value\":[{\"id\":INDICATOR_MINOR_IN_DEVICE \"name\":\"Minor Fault in Device\""
                + " \"faults\":[{\"id\":FAULT_X \"name\":\"clock drift\"}] \"serialNumber\":\"1\"}]", "+OK \"value\":\"4.2\"");
        assertEquals(Status.WARNING, r.status());
        assertEquals("clock drift", r.error());
    }

    @Test
    void anUnreadableFaultListIsAWarningNotAFault() throws Exception {
        CheckResult r = run("-ERR address not found: {\"address\":\"DEVICE\"}", "+OK \"value\":\"4.2\"");
        assertEquals(Status.WARNING, r.status());
        assertTrue(r.error().startsWith("the fault list could not be read"), r.error());
    }

    @Test
    void recognisesALoginPrompt() {
        assertTrue(TesiraPoll.isLoginPrompt("login: "));
        assertTrue(TesiraPoll.isLoginPrompt("Password:"));
    }
}
