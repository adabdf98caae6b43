package org.avmonitoring.agent.testing.qsys;

import java.io.IOException;
import java.util.Map;

import org.avmonitoring.agent.testing.stream.StreamFault;
import org.avmonitoring.agent.testing.tcpsim.Loopback;
import org.avmonitoring.agent.testing.tcpsim.SimulatorMain;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

/**
 * Any number of simulated Q-SYS Cores (QRC on TCP) served by one thread. Also runs from the command line for
 * {@code scripts/run-dev.sh} (jackson-jr on the class path):
 * <pre>
 * java -cp testing/target/classes:jackson-jr-objects.jar org.avmonitoring.agent.testing.qsys.QrcSimulator \
 *     --count 3 --base 127.0.20.1 --port 1710 [--user U --password PW] [--fault SILENT|GARBAGE|CLOSE|SLOW]
 * </pre>
 */
public final class QrcSimulator extends TcpSimulator {

    public QrcSimulator() throws IOException {
        super("qrc-simulator");
    }

    /** A Core on {@code address}:{@code port} (0: a free port); its bound address is {@link SimulatedCore#address()}. */
    public SimulatedCore add(String address, int port) throws IOException {
        return add(new SimulatedCore(), address, port);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> o = SimulatorMain.options(args, "count", "base", "port", "user", "password", "fault");
        QrcSimulator sim = new QrcSimulator();
        String base = o.getOrDefault("base", "127.0.20.1");
        for (int i = 0; i < Integer.parseInt(o.getOrDefault("count", "1")); i++) {
            SimulatedCore c = sim.add(Loopback.nth(base, i), Integer.parseInt(o.getOrDefault("port", "1710")))
                    .accessControl(o.get("user"), o.get("password"))
                    .design("Simulated Design " + (i + 1), String.format("qSIM%08d", i + 1))
                    .fault(StreamFault.valueOf(o.getOrDefault("fault", "NONE")));
            System.out.println("core " + (i + 1) + " " + c.address());
        }
        SimulatorMain.runUntilKilled(sim);
    }
}
