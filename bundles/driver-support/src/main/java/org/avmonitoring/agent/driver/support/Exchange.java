package org.avmonitoring.agent.driver.support;

import java.time.Duration;

/**
 * What a {@link Conversation} can do with its connection. Only to be used from the conversation's callbacks (the
 * I/O thread); once {@link #complete} or {@link #fail} has been called, further calls are ignored.
 *
 * @param <R> the conversation's result
 */
public interface Exchange<R> {

    /** Queues {@code bytes} for writing and restarts the step timer: the device has that long to answer. */
    void send(byte[] bytes);

    /**
     * Sends {@code bytes} once {@code pause} has passed, without holding a thread: for devices that need a gap
     * between requests. The step timer waits during the pause and starts when the bytes are sent.
     */
    void sendAfter(Duration pause, byte[] bytes);

    /** Ends the conversation with {@code result}: the socket is closed and the future completes. */
    void complete(R result);

    /** Ends the conversation with a {@link ConversationFailure} saying {@code reason}. */
    void fail(String reason);

    /** Time since the connection attempt started. */
    Duration elapsed();
}
