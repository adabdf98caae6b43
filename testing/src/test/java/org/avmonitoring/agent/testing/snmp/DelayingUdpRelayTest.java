package org.avmonitoring.agent.testing.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.avmonitoring.agent.testing.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay between plain blocking sockets: the test plays both the client (the agent) and the server (snmpd), so
 * it sees what each side receives and from where.
 */
class DelayingUdpRelayTest {
    private DatagramSocket server;
    private DatagramSocket client;
    private DelayingUdpRelay relay;

    @BeforeEach
    void sockets() throws IOException {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setSoTimeout(5000);
        client.setSoTimeout(5000);
    }

    @AfterEach
    void close() {
        if (relay != null) {
            relay.close();
        }
        server.close();
        client.close();
    }

    private DelayingUdpRelay start(int maxQueued, DelayingUdpRelay.Device... devices) throws IOException {
        relay = new DelayingUdpRelay(List.of(devices), (InetSocketAddress) server.getLocalSocketAddress(), maxQueued, 4);
        return relay;
    }

    private static DelayingUdpRelay.Device device(String address, long delayMs, boolean silent) {
        return new DelayingUdpRelay.Device(new InetSocketAddress(address, 0), delayMs, silent);
    }

    private static void send(DatagramSocket from, String text, InetSocketAddress to) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(b, b.length, to));
    }

    private static DatagramPacket receive(DatagramSocket s) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        s.receive(p);
        return p;
    }

    private static String text(DatagramPacket p) {
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    @Test
    void holdsTheRequestForTheDeviceDelayAndAnswersFromTheDeviceAddress() throws IOException {
        InetSocketAddress device = start(10, device("127.61.0.1", 300, false)).listening().get(0);

        long sent = System.nanoTime();
        send(client, "get sysUpTime", device);
        DatagramPacket request = receive(server);
        long heldMs = Duration.ofNanos(System.nanoTime() - sent).toMillis();
        assertEquals("get sysUpTime", text(request));
        assertTrue(heldMs >= 300, "the server got the request after " + heldMs + " ms, before the device's 300 ms");

        send(server, "sysUpTime = 42", (InetSocketAddress) request.getSocketAddress());
        DatagramPacket answer = receive(client);
        assertEquals("sysUpTime = 42", text(answer));
        assertEquals(device, answer.getSocketAddress(), "the answer must come from the device's address");
        Await.until(Duration.ofSeconds(5), () -> relay.counts().answered() == 1, "the relay counts the answer");
    }

    @Test
    void dropsWhatIsSentToASilentDeviceAndRelaysTheOthers() throws IOException {
        start(10, device("127.61.0.2", 0, true), device("127.61.0.3", 0, false));
        InetSocketAddress silent = relay.listening().get(0);
        InetSocketAddress healthy = relay.listening().get(1);

        send(client, "to the silent one", silent);
        send(client, "to the healthy one", healthy);
        Await.until(Duration.ofSeconds(5), () -> {
            DelayingUdpRelay.Counts c = relay.counts();
            return c.received() == 2 && c.forwarded() + c.droppedSilent() == 2;
        }, "both datagrams received and handled");

        assertEquals(1, relay.counts().droppedSilent(), relay.toString());
        assertEquals(1, relay.counts().forwarded(), relay.toString());
        assertEquals("to the healthy one", text(receive(server)));
    }

    @Test
    void boundsTheDatagramsWaitingOutTheirDelay() throws IOException {
        InetSocketAddress slow = start(2, device("127.61.0.4", 60_000, false)).listening().get(0);

        for (int i = 0; i < 5; i++) {
            send(client, "request " + i, slow);
        }
        Await.until(Duration.ofSeconds(5), () -> relay.counts().received() == 5, "five datagrams received");

        assertEquals(3, relay.counts().droppedFull(), "two may wait, three are dropped: " + relay);
        assertEquals(0, relay.counts().forwarded(), "none is due before a minute: " + relay);
    }

    @Test
    void keepsAtMostMaxUpstreamsSocketsToTheServerClosingTheLeastRecentlyUsed() throws IOException {
        relay = new DelayingUdpRelay(List.of(device("127.61.0.5", 0, false)),
                (InetSocketAddress) server.getLocalSocketAddress(), 10, 1);
        InetSocketAddress device = relay.listening().get(0);
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            send(client, "first client", device);
            SocketAddress firstUpstream = receive(server).getSocketAddress();
            send(client, "first client again", device);
            assertEquals(firstUpstream, receive(server).getSocketAddress(), "one socket per client, reused");

            send(other, "second client", device);
            assertNotEquals(firstUpstream, receive(server).getSocketAddress(), "each client has its own socket");
            send(client, "first client once more", device);
            assertNotEquals(firstUpstream, receive(server).getSocketAddress(),
                    "with room for one socket, the first client's was closed and is opened anew");
        }
    }

    @Test
    void refusesAddressesOutsideLoopback() {
        assertThrows(IllegalArgumentException.class, () -> start(10, device("192.0.2.1", 0, false)));
        assertThrows(IllegalArgumentException.class, () -> new DelayingUdpRelay(List.of(),
                new InetSocketAddress("192.0.2.1", 161), 10, 4));
    }
}
