package org.avmonitoring.agent.driver.snmp.internal;

/** A poll that could not complete, with the reason shown to a technician (never a credential). */
final class SnmpFailure extends Exception {
    private static final long serialVersionUID = 1L;

    SnmpFailure(String reason) {
        super(reason, null, false, false);
    }
}
