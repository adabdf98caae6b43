package org.avmonitoring.agent.testing.tesira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TesiraSimulatorTest {

    /** Reads until {@code marker} has been seen (bytes as ISO-8859-1 so IAC sequences stay visible). */
    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void negotiatesGreetsEchoesAndAnswers() throws Exception {
        try (TesiraSimulator sim = new TesiraSimulator()) {
            SimulatedTesira t = sim.add("127.0.0.1", 0).faults(new SimulatedTesira.ActiveFault(
                    SimulatedTesira.Severity.MAJOR, "FAULT_DANTE_FLOW_INACTIVE", "one or more Dante flows inactive"));
            try (Socket s = new Socket(t.address().getAddress(), t.address().getPort())) {
                s.setSoTimeout(5000);
                String greeting = readUntil(s.getInputStream(), "Server...\r\n");
                assertEquals((char) 255, greeting.charAt(0), "opens with option negotiation");
                s.getOutputStream().write(new byte[] {(byte) 255, (byte) 252, 24});
                s.getOutputStream().write("DEVICE get activeFaultList\n".getBytes(StandardCharsets.US_ASCII));
                String answer = readUntil(s.getInputStream(), "}]\r\n");
                assertTrue(answer.contains("DEVICE get activeFaultList\r\n+OK \"value\":[{\"id\":INDICATOR_MAJOR_IN_DEVICE"
                        + " \"name\":\"Major Fault in Device\" \"faults\":[{\"id\":FAULT_DANTE_FLOW_INACTIVE"), answer);
                s.getOutputStream().write("DEVICE get nonsense\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(readUntil(s.getInputStream(), "}\r\n").contains("-ERR address not found"));
            }
            assertEquals(1, t.optionRefusals());
        }
    }
}
