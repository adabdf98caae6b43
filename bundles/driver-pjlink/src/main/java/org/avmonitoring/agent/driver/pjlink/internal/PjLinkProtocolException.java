package org.avmonitoring.agent.driver.pjlink.internal;

/** A device said something that is not PJLink, or not the expected reply. The message is safe to show. */
final class PjLinkProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    PjLinkProtocolException(String message) {
        super(message);
    }
}
