package org.avmonitoring.agent.driver.tesira.internal;

/** A Tesira reply this driver cannot read; the message says where, never more than a bounded excerpt. */
final class TtpSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    TtpSyntaxException(String message) {
        super(message);
    }
}
