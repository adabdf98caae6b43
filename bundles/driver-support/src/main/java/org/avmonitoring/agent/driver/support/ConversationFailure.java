package org.avmonitoring.agent.driver.support;

/**
 * Why a conversation with a device ended without a result, worded for the person reading the device's error
 * ("connection refused", "no answer within 3000 ms"). Carries no stack trace: it describes the device, not the code.
 */
public class ConversationFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ConversationFailure(String message) {
        super(message, null, false, false);
    }
}
