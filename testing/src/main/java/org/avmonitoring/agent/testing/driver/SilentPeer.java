package org.avmonitoring.agent.testing.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device that never answers, on 127.0.0.1: a TCP port that accepts connections and says nothing, and a UDP socket
 * on the same port number that swallows datagrams. Counts what it got, and tells when a client closed its
 * connection (the driver let go). Two daemon threads; {@link #close()} ends them.
 */
public final class SilentPeer implements AutoCloseable {
    private final ServerSocket server;
    private final DatagramSocket udp;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final AtomicInteger datagrams = new AtomicInteger();

    public SilentPeer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket d;
        try {
            d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        } catch (SocketException e) {
            d = null; // port taken for UDP: TCP-only peer
        }
        udp = d;
        daemon(this::acceptLoop, "silent-peer-tcp");
        if (udp != null) {
            daemon(this::swallowLoop, "silent-peer-udp");
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                accepted.incrementAndGet();
                daemon(() -> awaitClose(s), "silent-peer-conn");
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads (and drops) what the client sends until it closes: then the client let go of its socket. */
    private void awaitClose(Socket s) {
        try (InputStream in = s.getInputStream()) {
            byte[] buf = new byte[512];
            while (in.read(buf) >= 0) {
                // a silent device ignores requests
            }
            closedByClient.incrementAndGet();
        } catch (IOException e) {
            closedByClient.incrementAndGet(); // reset by the client is a close too
        }
    }

    private void swallowLoop() {
        byte[] buf = new byte[2048];
        while (!udp.isClosed()) {
            try {
                udp.receive(new DatagramPacket(buf, buf.length));
                datagrams.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    /** TCP connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Accepted connections the client has closed. */
    public int closedByClient() {
        return closedByClient.get();
    }

    /** UDP datagrams received so far. */
    public int datagrams() {
        return datagrams.get();
    }

    /** Waits up to {@code timeout} for {@code condition}; true when it held. */
    static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** A loopback port nothing listens on (bound, then released): connecting is refused. */
    public static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (udp != null) {
            udp.close();
        }
        for (Socket s : connections) {
            s.close();
        }
    }
}
