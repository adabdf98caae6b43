package org.avmonitoring.agent.driver.pjlink.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;
import org.avmonitoring.agent.testing.tcpsim.DriverRuns;

/**
 * One poll of 1,000 simulated projectors from one driver instance, over loopback (127.1.x.y:4352).
 * Half are class 1, half class 2, one in four asks for a password. Prints the cold poll (class detection and
 * identity read) and the median of three warm polls: wall time, CPU ms per device on the driver's I/O thread,
 * the driver's threads.
 * <pre>
 * mvn -B -q -f bundles/driver-pjlink/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.avmonitoring.agent.driver.pjlink.internal.PjLinkBenchmark [-Dexec.args="1000 128"]
 * </pre>
 */
public final class PjLinkBenchmark {

    private PjLinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int maxConnections = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        try (ProjectorSimulator sim = new ProjectorSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String host = "127.1." + (i / 250) + "." + (i % 250 + 1);
                boolean pw = i % 4 == 0;
                SimulatedProjector p = sim.add(new SimulatedProjector.Spec().address(host).port(4352)
                        .projectorClass(1 + i % 2).password(pw ? "CHANGE-ME" : null));
                devices.add(pw ? PjLinkTestSupport.device("bench-" + i, p, "password", "CHANGE-ME")
                        : PjLinkTestSupport.device("bench-" + i, p));
            }
            int threadsBefore = Thread.activeCount();
            PjLinkDriver driver = PjLinkTestSupport.startDriver(Map.of("maxConnections", maxConnections));
            try {
                DriverRuns.benchmark("PJLink benchmark, max " + maxConnections + " connections", driver, devices,
                        "pjlink-io");
                long driverThreads = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("pjlink-") && !t.getName().equals("pjlink-simulator")).count();
                System.out.printf("driver threads: %d (%s); JVM threads added by the driver: %d%n", driverThreads,
                        Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                                .filter(n -> n.startsWith("pjlink-") && !n.equals("pjlink-simulator")).sorted().toList(),
                        Thread.activeCount() - threadsBefore);
            } finally {
                driver.deactivate();
            }
        }
    }
}
