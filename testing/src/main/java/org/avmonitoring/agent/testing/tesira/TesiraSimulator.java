package org.avmonitoring.agent.testing.tesira;

import java.io.IOException;
import java.util.Map;

import org.avmonitoring.agent.testing.stream.StreamFault;
import org.avmonitoring.agent.testing.tcpsim.Loopback;
import org.avmonitoring.agent.testing.tcpsim.SimulatorMain;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

/**
 * Any number of simulated Tesira servers (TTP over Telnet) served by one thread. Also runs from the command line
 * for {@code scripts/run-dev.sh}:
 * <pre>
 * java -cp testing/target/classes org.avmonitoring.agent.testing.tesira.TesiraSimulator \
 *     --count 3 --base 127.0.21.1 --port 2323 [--fault SILENT|GARBAGE|CLOSE|SLOW] [--major FAULT_ID]
 * </pre>
 */
public final class TesiraSimulator extends TcpSimulator {

    public TesiraSimulator() throws IOException {
        super("tesira-simulator");
    }

    /** A Tesira server on {@code address}:{@code port} (0: a free port), see {@link SimulatedTesira#address()}. */
    public SimulatedTesira add(String address, int port) throws IOException {
        return add(new SimulatedTesira(), address, port);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> o = SimulatorMain.options(args, "count", "base", "port", "fault", "major");
        TesiraSimulator sim = new TesiraSimulator();
        String base = o.getOrDefault("base", "127.0.21.1");
        for (int i = 0; i < Integer.parseInt(o.getOrDefault("count", "1")); i++) {
            SimulatedTesira t = sim.add(Loopback.nth(base, i), Integer.parseInt(o.getOrDefault("port", "23")))
                    .serialNumber(String.format("0487%04d", i + 1)).hostname("TesiraSim" + (i + 1))
                    .fault(StreamFault.valueOf(o.getOrDefault("fault", "NONE")));
            if (o.containsKey("major")) {
                t.faults(new SimulatedTesira.ActiveFault(SimulatedTesira.Severity.MAJOR, o.get("major"),
                        "simulated " + o.get("major")));
            }
            System.out.println("tesira " + (i + 1) + " " + t.address());
        }
        SimulatorMain.runUntilKilled(sim);
    }
}
