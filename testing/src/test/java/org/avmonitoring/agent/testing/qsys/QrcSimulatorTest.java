package org.avmonitoring.agent.testing.qsys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.avmonitoring.agent.testing.stream.StreamFault;
import org.junit.jupiter.api.Test;

class QrcSimulatorTest {

    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) > 0) {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void send(Socket s, String json) throws IOException {
        s.getOutputStream().write((json + "\0").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pushesEngineStatusAndAnswersStatusGet() throws Exception {
        try (QrcSimulator sim = new QrcSimulator()) {
            SimulatedCore core = sim.add("127.0.0.1", 0).status(SimulatedCore.FAULT, "Fault - Audio").state("Standby");
            try (Socket s = new Socket(core.address().getAddress(), core.address().getPort())) {
                s.setSoTimeout(5000);
                String push = readFrame(s.getInputStream());
                assertTrue(push.contains("\"method\":\"EngineStatus\"") && push.contains("\"State\":\"Standby\""), push);
                send(s, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"StatusGet\"}");
                String status = readFrame(s.getInputStream());
                assertTrue(status.contains("\"id\":7") && status.contains("\"Code\":2"), status);
                send(s, "not json");
                assertTrue(readFrame(s.getInputStream()).contains("-32700"));
            }
        }
    }

    @Test
    void accessControlRefusesUntilLogon() throws Exception {
        try (QrcSimulator sim = new QrcSimulator()) {
            SimulatedCore core = sim.add("127.0.0.1", 0).accessControl("admin", "secret");
            try (Socket s = new Socket(core.address().getAddress(), core.address().getPort())) {
                s.setSoTimeout(5000);
                readFrame(s.getInputStream());
                send(s, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"StatusGet\"}");
                assertTrue(readFrame(s.getInputStream()).contains("\"code\":10"));
                send(s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Logon\",\"params\":{\"User\":\"admin\",\"Password\":\"bad\"}}");
                assertTrue(readFrame(s.getInputStream()).contains("\"code\":10"));
                send(s, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"Logon\",\"params\":{\"User\":\"admin\",\"Password\":\"secret\"}}");
                assertTrue(readFrame(s.getInputStream()).contains("\"result\":true"));
                send(s, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"StatusGet\"}");
                assertTrue(readFrame(s.getInputStream()).contains("\"Platform\""));
            }
            assertEquals(2, core.logons());
        }
    }

    @Test
    void closeFaultHangsUp() throws Exception {
        try (QrcSimulator sim = new QrcSimulator()) {
            SimulatedCore core = sim.add("127.0.0.1", 0).fault(StreamFault.CLOSE);
            try (Socket s = new Socket(core.address().getAddress(), core.address().getPort())) {
                s.setSoTimeout(5000);
                assertEquals(-1, s.getInputStream().read());
            }
        }
    }
}
