package org.avmonitoring.agent.driver.samsungmdc.internal;

/** Bytes from a display that are not a valid MDC reply; the message is short, printable and names what is wrong. */
class MdcProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    MdcProtocolException(String message) {
        super(message, null, false, false);
    }
}
