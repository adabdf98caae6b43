package org.avmonitoring.agent.driver.cisco.internal;

/** A codec reply the driver cannot use; the message is short, printable and holds no credential. */
final class XapiException extends Exception {
    private static final long serialVersionUID = 1L;

    XapiException(String message) {
        super(message, null, false, false);
    }
}
