package org.avmonitoring.agent.testing.qsys;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.avmonitoring.agent.testing.stream.Loopback;
import org.avmonitoring.agent.testing.stream.StreamDeviceServer;
import org.avmonitoring.agent.testing.stream.StreamFault;

/**
 * Any number of simulated Q-SYS Cores (QRC on TCP) served by one thread. Also runs from the command line for
 * {@code scripts/run-dev.sh}:
 * <pre>
 * java -cp testing/target/classes:jackson-jr-objects.jar org.avmonitoring.agent.testing.qsys.QrcSimulator \
 *     --count 3 --base 127.0.20.1 --port 1710 [--user U --password PW] [--fault SILENT|GARBAGE|CLOSE|SLOW]
 * </pre>
 */
public final class QrcSimulator implements AutoCloseable {
    private final StreamDeviceServer server;
    private final List<SimulatedCore> cores = new CopyOnWriteArrayList<>();

    public QrcSimulator() throws IOException {
        server = new StreamDeviceServer("qrc-simulator");
    }

    /** A Core on {@code address}:{@code port} (0: a free port); its bound address is {@link SimulatedCore#address()}. */
    public SimulatedCore add(String address, int port) throws IOException {
        SimulatedCore core = new SimulatedCore();
        core.bound = server.add(new InetSocketAddress(address, port), core);
        cores.add(core);
        return core;
    }

    public List<SimulatedCore> cores() {
        return List.copyOf(cores);
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
        String base = "127.0.20.1";
        int port = 1710;
        String user = null;
        String password = null;
        StreamFault fault = StreamFault.NONE;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--base" -> base = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--user" -> user = args[i + 1];
                case "--password" -> password = args[i + 1];
                case "--fault" -> fault = StreamFault.valueOf(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        QrcSimulator sim = new QrcSimulator();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "qrc-simulator-shutdown"));
        for (int i = 0; i < count; i++) {
            SimulatedCore c = sim.add(Loopback.nth(base, i), port).accessControl(user, password).fault(fault)
                    .design("Simulated Design " + (i + 1), String.format("qSIM%08d", i + 1));
            System.out.println("core " + (i + 1) + " " + c.address());
        }
        System.out.println("ready");
        stop.await();
    }
}
