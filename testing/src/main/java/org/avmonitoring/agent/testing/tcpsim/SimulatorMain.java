package org.avmonitoring.agent.testing.tcpsim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** What the simulators' command lines share: {@code --name value} options, and running until killed. */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    /** {@code --count 3 --base 127.0.20.1} → {@code {count=3, base=127.0.20.1}}; every option takes a value. */
    public static Map<String, String> options(String[] args, String... known) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
            if (!java.util.List.of(known).contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --" + String.join(" V --", known) + " V (got " + args[i] + ")");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    /** Prints "ready" and blocks until the JVM is told to stop, then closes {@code simulator}. */
    public static void runUntilKilled(AutoCloseable simulator) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                simulator.close();
            } catch (Exception e) {
                System.err.println("simulator close failed: " + e);
            }
            stop.countDown();
        }, "simulator-shutdown"));
        System.out.println("ready");
        stop.await();
    }
}
