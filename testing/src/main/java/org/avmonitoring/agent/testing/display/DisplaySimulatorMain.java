package org.avmonitoring.agent.testing.display;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.avmonitoring.agent.testing.mdc.SimulatedMdcDisplay;
import org.avmonitoring.agent.testing.nec.SimulatedNecDisplay;
import org.avmonitoring.agent.testing.tcpsim.Fault;
import org.avmonitoring.agent.testing.tcpsim.Loopback;
import org.avmonitoring.agent.testing.tcpsim.SimulatedDevice;
import org.avmonitoring.agent.testing.tcpsim.SimulatorMain;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

/**
 * Runs simulated Samsung MDC or NEC displays until killed, for {@code scripts/run-dev.sh} and manual tests:
 * <pre>
 * java -cp testing/target/classes org.avmonitoring.agent.testing.display.DisplaySimulatorMain \
 *     --protocol mdc|nec --count 3 --base 127.0.20.1 [--port P] [--id N] [--standby] [--fault NAME]...
 * </pre>
 * Display {@code i} listens on {@link Loopback#nth base + i} (127/8 only); the port defaults to the protocol's (MDC 1515, NEC
 * 7142); {@code --id} is the MDC display id (default 1) or NEC monitor id (default 1). Prints "ready" when listening.
 */
public final class DisplaySimulatorMain {

    private DisplaySimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String protocol = "mdc";
        int count = 1;
        String base = "127.0.20.1";
        Integer port = null;
        int id = 1;
        boolean standby = false;
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--protocol": protocol = value(args, ++i, a); break;
                case "--count": count = Integer.parseInt(value(args, ++i, a)); break;
                case "--base": base = value(args, ++i, a); break;
                case "--port": port = Integer.parseInt(value(args, ++i, a)); break;
                case "--id": id = Integer.parseInt(value(args, ++i, a)); break;
                case "--standby": standby = true; break;
                case "--fault": faults.add(Fault.valueOf(value(args, ++i, a))); break;
                case "--help":
                    System.out.println("usage: DisplaySimulatorMain --protocol mdc|nec [--count N] [--base 127.x.y.z]"
                            + " [--port P] [--id N] [--standby] [--fault " + Arrays.toString(Fault.values()) + "]...");
                    return;
                default:
                    throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        boolean mdc = protocol.equals("mdc");
        if (!mdc && !protocol.equals("nec")) {
            throw new IllegalArgumentException("--protocol must be mdc or nec, not " + protocol);
        }
        TcpSimulator sim = new TcpSimulator(protocol + "-simulator");
        int p = port != null ? port : mdc ? 1515 : 7142;
        for (int i = 0; i < count; i++) {
            SimulatedDevice d = mdc ? new SimulatedMdcDisplay(id).power(standby ? 0 : 1)
                    : new SimulatedNecDisplay(id).power(standby ? SimulatedNecDisplay.Power.STANDBY
                            : SimulatedNecDisplay.Power.ON);
            faults.forEach(f -> d.fault(f, true));
            sim.add(d, Loopback.nth(base, i), p);
            System.out.println(protocol + " display " + (i + 1) + " on " + d.host() + ":" + d.port() + " id " + id
                    + (faults.isEmpty() ? "" : " faults " + faults));
        }
        SimulatorMain.runUntilKilled(sim);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
