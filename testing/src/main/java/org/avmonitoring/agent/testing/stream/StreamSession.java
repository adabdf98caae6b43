package org.avmonitoring.agent.testing.stream;

import java.nio.ByteBuffer;

/** One connection's protocol state on the device side. Called on the server thread only. */
public interface StreamSession {

    /** Where a session writes. */
    interface Output {
        void send(byte[] bytes);
    }

    /** The connection was accepted: send the greeting, if the protocol has one. */
    void start(Output out);

    /**
     * {@code in} holds every byte not yet consumed, in read mode: consume whole requests (advance its position),
     * leave a partial one in place.
     */
    void received(ByteBuffer in, Output out);
}
