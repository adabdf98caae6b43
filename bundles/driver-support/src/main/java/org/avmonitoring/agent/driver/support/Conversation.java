package org.avmonitoring.agent.driver.support;

import java.nio.ByteBuffer;

/**
 * One device's side of a protocol, for one connection. Every callback runs on the driver's I/O thread, one at a time:
 * an implementation needs no locks and must never block.
 *
 * @param <R> what the conversation produces, e.g. the answers read from the device
 */
public interface Conversation<R> {

    /** The connection is up: send the first request, or do nothing to wait for the device to speak first. */
    void connected(Exchange<R> exchange) throws ConversationFailure;

    /**
     * Bytes arrived. {@code unread} holds every byte not yet consumed, in read mode: consume whole frames by advancing
     * its position, and leave a partial frame in place to wait for the rest.
     */
    void received(ByteBuffer unread, Exchange<R> exchange) throws ConversationFailure;

    /** The device closed its side before the conversation ended. */
    default void closedByPeer(Exchange<R> exchange) throws ConversationFailure {
        throw new ConversationFailure("connection closed by the device");
    }
}
