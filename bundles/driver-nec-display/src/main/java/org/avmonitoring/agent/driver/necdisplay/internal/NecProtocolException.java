package org.avmonitoring.agent.driver.necdisplay.internal;

/** Bytes from a monitor that are not a valid External Control packet; the message is short and printable. */
final class NecProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    NecProtocolException(String message) {
        super(message, null, false, false);
    }
}
