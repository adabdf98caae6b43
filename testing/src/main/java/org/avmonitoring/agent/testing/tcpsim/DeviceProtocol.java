package org.avmonitoring.agent.testing.tcpsim;

import java.nio.ByteBuffer;

/** The protocol side of a simulated device; every call runs on the simulator's thread. */
public interface DeviceProtocol {

    /** A connection was accepted (after the shared faults were applied): send a banner if the protocol has one. */
    default void connected(TcpSimulator.Connection connection) {
    }

    /**
     * Bytes arrived: {@code unread} holds every byte not yet consumed, in read mode. Consume whole requests by
     * advancing its position; leave a partial request in place. Answer with {@link TcpSimulator.Connection#reply}.
     */
    void received(TcpSimulator.Connection connection, ByteBuffer unread);
}
