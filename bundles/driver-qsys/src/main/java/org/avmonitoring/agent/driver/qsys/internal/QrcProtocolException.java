package org.avmonitoring.agent.driver.qsys.internal;

/** A QRC frame this driver cannot read; the message never quotes more than a bounded excerpt. */
final class QrcProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    QrcProtocolException(String message) {
        super(message);
    }
}
