package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.BiConsumer;

/** Reading the PJLink UDP sockets (notifications, search answers) from the I/O thread. */
final class Datagrams {
    /** At most this many datagrams per wake-up, so a flood cannot starve the TCP polls; the rest come next turn. */
    private static final int PER_WAKE_UP = 64;

    private Datagrams() {
    }

    /** Hands each waiting datagram (at most {@link PjLinkCodec#MAX_LINE} bytes) and its sender's IP to {@code handler}. */
    static void drain(DatagramChannel channel, BiConsumer<byte[], String> handler) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(PjLinkCodec.MAX_LINE);
        for (int i = 0; i < PER_WAKE_UP; i++) {
            buffer.clear();
            SocketAddress from = channel.receive(buffer);
            if (from == null) {
                return;
            }
            buffer.flip();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            handler.accept(bytes, ((InetSocketAddress) from).getAddress().getHostAddress());
        }
    }
}
