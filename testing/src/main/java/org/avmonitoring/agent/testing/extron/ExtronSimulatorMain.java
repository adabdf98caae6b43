package org.avmonitoring.agent.testing.extron;

import java.util.concurrent.CountDownLatch;

/**
 * Runs simulated Extron devices until killed, for {@code scripts/run-dev.sh} and manual tests:
 * <pre>
 * java -cp testing/target/classes org.avmonitoring.agent.testing.extron.ExtronSimulatorMain \
 *     --base 127.0.15.1 --count 3 --port 2023 [--password PW] [--temperature 41.5] [--fault NAME]
 * </pre>
 * Device {@code i} listens on the base address plus {@code i} (last byte only, 127/8 only). Prints "ready".
 */
public final class ExtronSimulatorMain {

    private ExtronSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        String base = "127.0.15.1";
        int count = 1;
        int port = 2023;
        String password = null;
        Double temperature = 41.5;
        SwitcherFault fault = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--password" -> password = args[i + 1];
                case "--temperature" -> temperature = Double.valueOf(args[i + 1]);
                case "--fault" -> fault = SwitcherFault.valueOf(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int last = Integer.parseInt(base.substring(base.lastIndexOf('.') + 1));
        if (!base.startsWith("127.") || last + count > 255) {
            throw new IllegalArgumentException("--base must be 127.x.y.z with room for --count addresses");
        }
        ExtronSimulator sim = new ExtronSimulator();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "extron-simulator-shutdown"));
        String prefix = base.substring(0, base.lastIndexOf('.') + 1);
        for (int i = 0; i < count; i++) {
            SimulatedSwitcher s = sim.add(prefix + (last + i), port).passwords(password, null).temperatureC(temperature);
            if (fault != null) {
                s.faults(fault);
            }
            System.out.println("extron " + (i + 1) + " " + s.host() + ":" + s.port());
        }
        System.out.println("ready");
        stop.await();
    }
}
