package org.avmonitoring.agent.testing.pjlink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs simulated projectors until killed, for {@code scripts/run-dev.sh} and manual tests:
 * <pre>
 * java -cp testing/target/classes org.avmonitoring.agent.testing.pjlink.ProjectorSimulatorMain \
 *     --count 5 --base 127.0.10.1 --port 4352 [--class 1|2] [--password PW] [--udp] [--fault NAME]...
 * </pre>
 * Projector {@code i} listens on {@code base + i} (127/8 only), port {@code --port}; with {@code --udp} class 2
 * projectors also answer {@code %2SRCH} on that UDP port. Prints one line per projector, then "ready".
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
                case "--help":
                    System.out.println("usage: ProjectorSimulatorMain [--count N] [--base 127.x.y.z] [--port P] [--class 1|2]"
                            + " [--password PW] [--udp] [--fault " + java.util.Arrays.toString(Fault.values()) + "]...");
                    return;
                default:
                    throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        byte[] start = InetAddress.getByName(base).getAddress();
        if (start.length != 4 || start[0] != 127) {
            throw new IllegalArgumentException("--base must be a 127.x.y.z address, not " + base);
        }
        ProjectorSimulator sim = new ProjectorSimulator();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "pjlink-simulator-shutdown"));
        for (int i = 0; i < count; i++) {
            String address = nth(start, i);
            SimulatedProjector p = sim.add(new SimulatedProjector.Spec().address(address).port(port).projectorClass(cls)
                    .password(password).udp(udp, port).mac(String.format("02:00:00:00:%02x:%02x", (i >> 8) & 0xff, i & 0xff)));
            p.name("Simulated projector " + (i + 1)).faults(faults.toArray(new Fault[0]));
            System.out.println("projector " + (i + 1) + " " + p.address() + " class " + cls + (password == null ? "" : " password"));
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

    /** base + n within 127/8 (e.g. 127.0.10.255 + 1 = 127.0.11.0 is skipped to 127.0.11.1). */
    private static String nth(byte[] base, int n) throws UnknownHostException {
        long v = ((base[1] & 0xffL) << 16) | ((base[2] & 0xffL) << 8) | (base[3] & 0xffL);
        long x = v;
        for (int i = 0; i < n; i++) {
            x++;
            if ((x & 0xff) == 0 || (x & 0xff) == 0xff) {
                x += (x & 0xff) == 0 ? 1 : 2;
            }
        }
        if (x > 0xfffffeL) {
            throw new IllegalArgumentException("too many projectors for base " + InetAddress.getByAddress(base).getHostAddress());
        }
        return "127." + ((x >> 16) & 0xff) + "." + ((x >> 8) & 0xff) + "." + (x & 0xff);
    }
}
