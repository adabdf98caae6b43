package org.avmonitoring.agent.testing.tesira;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

import org.avmonitoring.agent.testing.stream.Loopback;
import org.avmonitoring.agent.testing.stream.StreamDeviceServer;
import org.avmonitoring.agent.testing.stream.StreamFault;

/**
 * Any number of simulated Tesira servers (TTP over Telnet) served by one thread. Also runs from the command line
 * for {@code scripts/run-dev.sh}:
 * <pre>
 * java -cp testing/target/classes org.avmonitoring.agent.testing.tesira.TesiraSimulator \
 *     --count 3 --base 127.0.21.1 --port 2323 [--fault SILENT|GARBAGE|CLOSE|SLOW] [--major FAULT_ID]
 * </pre>
 */
public final class TesiraSimulator implements AutoCloseable {
    private final StreamDeviceServer server;

    public TesiraSimulator() throws IOException {
        server = new StreamDeviceServer("tesira-simulator");
    }

    /** A Tesira server on {@code address}:{@code port} (0: a free port), see {@link SimulatedTesira#address()}. */
    public SimulatedTesira add(String address, int port) throws IOException {
        SimulatedTesira t = new SimulatedTesira();
        t.bound = server.add(new InetSocketAddress(address, port), t);
        return t;
    }

    public int openConnections() {
        return server.openConnections();
    }

    @Override
    public void close() {
        server.close();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int count = 1;
        String base = "127.0.21.1";
        int port = 23;
        StreamFault fault = StreamFault.NONE;
        String major = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--base" -> base = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--fault" -> fault = StreamFault.valueOf(args[i + 1]);
                case "--major" -> major = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        TesiraSimulator sim = new TesiraSimulator();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "tesira-simulator-shutdown"));
        for (int i = 0; i < count; i++) {
            SimulatedTesira t = sim.add(Loopback.nth(base, i), port).fault(fault)
                    .serialNumber(String.format("0487%04d", i + 1)).hostname("TesiraSim" + (i + 1));
            if (major != null) {
                t.faults(new SimulatedTesira.ActiveFault(SimulatedTesira.Severity.MAJOR, major, "simulated " + major));
            }
            System.out.println("tesira " + (i + 1) + " " + t.address());
        }
        System.out.println("ready");
        stop.await();
    }
}
