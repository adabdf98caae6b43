package org.avmonitoring.agent.testing.pjlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator against the specification, with plain blocking sockets (independent of any driver code). */
class ProjectorSimulatorTest {
    private ProjectorSimulator sim;

    @BeforeEach
    void start() throws IOException {
        sim = new ProjectorSimulator();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static Socket connect(SimulatedProjector p) throws IOException {
        Socket s = new Socket(p.address().getAddress(), p.port());
        s.setSoTimeout(3000);
        return s;
    }

    /** Reads up to CR; null at EOF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                return null;
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write((text + "\r").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void answersWithoutAuthenticationAndIgnoresMalformedCommands() throws IOException {
        SimulatedProjector p = sim.add(new SimulatedProjector.Spec()).power(SimulatedProjector.Power.COOLING);
        try (Socket s = connect(p)) {
            assertEquals("PJLINK 0", line(s.getInputStream()));
            send(s, "%1POWR?"); // no space: §6 says no response at all
            send(s, "%1powr ?");
            assertEquals("%1POWR=2", line(s.getInputStream()), "the malformed command got no reply");
            send(s, "%2SNUM ?");
            assertEquals("%2SNUM=ERR1", line(s.getInputStream()), "class 1: %2 commands are undefined");
            send(s, "%1LAMP ?");
            assertEquals("%1LAMP=1200 0", line(s.getInputStream()));
        }
    }

    @Test
    void authenticatesWithTheDigestOnTheFirstCommand() throws Exception {
        SimulatedProjector p = sim.add(new SimulatedProjector.Spec().projectorClass(2).password("JBMIAProjectorLink"));
        try (Socket s = connect(p)) {
            String greeting = line(s.getInputStream());
            assertTrue(greeting.matches("PJLINK 1 [0-9a-f]{8}"), greeting);
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((greeting.substring(9) + "JBMIAProjectorLink").getBytes(StandardCharsets.US_ASCII)));
            send(s, digest + "%1CLSS ?");
            assertEquals("%1CLSS=2", line(s.getInputStream()));
            send(s, "%2FILT ?");
            assertEquals("%2FILT=300", line(s.getInputStream()), "later commands need no digest");
        }
        try (Socket s = connect(p)) {
            line(s.getInputStream());
            send(s, "0".repeat(32) + "%1POWR ?");
            assertEquals("PJLINK ERRA", line(s.getInputStream()));
        }
    }

    @Test
    void closesIdleConnections() throws IOException {
        SimulatedProjector p = sim.add(new SimulatedProjector.Spec().idleTimeoutMs(200));
        try (Socket s = connect(p)) {
            assertEquals("PJLINK 0", line(s.getInputStream()));
            assertEquals(null, line(s.getInputStream()), "closed after the idle timeout");
        }
    }

    @Test
    void answersTheUdpSearch() throws IOException {
        SimulatedProjector p = sim.add(new SimulatedProjector.Spec().projectorClass(2).udp(true, -1).mac("02:00:00:00:00:01"));
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            udp.setSoTimeout(3000);
            byte[] srch = "%2SRCH\r".getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(srch, srch.length, p.udpAddress()));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            udp.receive(answer);
            assertEquals("%2ACKN=02:00:00:00:00:01\r",
                    new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1));
        }
    }
}
