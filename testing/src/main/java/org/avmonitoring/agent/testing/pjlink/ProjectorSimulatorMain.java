package org.avmonitoring.agent.testing.pjlink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.avmonitoring.agent.testing.support.Impairment;
import org.avmonitoring.agent.testing.tcpsim.Loopback;

/**
 * Runs simulated projectors until killed, for {@code scripts/run-dev.sh} and manual tests:
 * <pre>
 * java -cp testing/target/classes org.avmonitoring.agent.testing.pjlink.ProjectorSimulatorMain \
 *     --count 5 --base 127.0.10.1 --port 4352 [--class 1|2] [--password PW] [--udp] [--fault NAME]...
 *     [--impairment silent=10,delay=50-500,seed=19]
 * </pre>
 * Projector {@code i} listens on {@code base + i} (127/8 only), port {@code --port}; with {@code --udp} class 2
 * projectors also answer {@code %2SRCH} on that UDP port. With {@code --impairment} (see {@link Impairment}) the
 * projectors it names silent accept the TCP connection and never send a byte, not even the greeting (a projector
 * whose network side is up and whose controller hangs), and the others send the greeting and every reply after
 * their own delay (a projector slow to answer, or far away). Prints one line per projector, then "ready".
 */
public final class ProjectorSimulatorMain {

    private ProjectorSimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int count = 1;
        String base = "127.0.10.1";
        int port = 4352;
        int cls = 1;
        String password = null;
        boolean udp = false;
        List<Fault> faults = new ArrayList<>();
        Impairment impairment = Impairment.NONE;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--count": count = Integer.parseInt(value(args, ++i, a)); break;
                case "--base": base = value(args, ++i, a); break;
                case "--port": port = Integer.parseInt(value(args, ++i, a)); break;
                case "--class": cls = Integer.parseInt(value(args, ++i, a)); break;
                case "--password": password = value(args, ++i, a); break;
                case "--udp": udp = true; break;
                case "--fault": faults.add(Fault.valueOf(value(args, ++i, a))); break;
                case "--impairment": impairment = Impairment.parse(value(args, ++i, a)); break;
                case "--help":
                    System.out.println("usage: ProjectorSimulatorMain [--count N] [--base 127.x.y.z] [--port P] [--class 1|2]"
                            + " [--password PW] [--udp] [--fault " + java.util.Arrays.toString(Fault.values()) + "]..."
                            + " [--impairment silent=P,delay=MIN-MAX,seed=S]");
                    return;
                default:
                    throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        Loopback.nth(base, count - 1); // fails at once, naming the base, when the range leaves 127/8
        ProjectorSimulator sim = new ProjectorSimulator();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "pjlink-simulator-shutdown"));
        for (int i = 0; i < count; i++) {
            String address = Loopback.nth(base, i);
            SimulatedProjector p = sim.add(new SimulatedProjector.Spec().address(address).port(port).projectorClass(cls)
                    .password(password).udp(udp, port).mac(String.format("02:00:00:00:%02x:%02x", (i >> 8) & 0xff, i & 0xff)));
            Set<Fault> own = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
            String behaviour = "";
            if (impairment.silent(i)) {
                own.add(Fault.SILENT);
                behaviour = " silent";
            } else if (impairment.delayMs(i) > 0) {
                own.add(Fault.SLOW_REPLY);
                p.replyDelayMs(impairment.delayMs(i));
                behaviour = " replies " + impairment.delayMs(i) + " ms late";
            }
            p.name("Simulated projector " + (i + 1)).faults(own.toArray(new Fault[0]));
            System.out.println("projector " + (i + 1) + " " + p.address() + " class " + cls + (password == null ? "" : " password")
                    + behaviour);
        }
        System.out.println("ready");
        stop.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
