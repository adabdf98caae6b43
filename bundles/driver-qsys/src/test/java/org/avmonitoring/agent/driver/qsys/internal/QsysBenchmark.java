package org.avmonitoring.agent.driver.qsys.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.tcpsim.DriverRuns;
import org.avmonitoring.agent.testing.tcpsim.Loopback;
import org.avmonitoring.agent.testing.qsys.QrcSimulator;
import org.avmonitoring.agent.testing.qsys.SimulatedCore;

/**
 * One poll of 1,000 simulated Cores (127.2.x.y:1710, one in four with access control, so Logon + StatusGet) from
 * one driver, then the median of three more: wall time and the CPU of the driver's I/O thread per device. Not a
 * test (surefire runs *Test classes only); see docs/benchmarks.md for the command.
 */
public final class QsysBenchmark {
    private QsysBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (QrcSimulator sim = new QrcSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedCore c = sim.add(Loopback.nth("127.2.0.1", i), 1710);
                if (i % 4 == 0) {
                    c.accessControl("monitor", "bench");
                    devices.add(DriverRuns.device("core-" + i, "qsys", c.host(), 1710, "username", "monitor",
                            "password", "bench"));
                } else {
                    devices.add(DriverRuns.device("core-" + i, "qsys", c.host(), 1710));
                }
            }
            QsysDriver driver = new QsysDriver();
            driver.activate();
            try {
                DriverRuns.benchmark("Q-SYS benchmark", driver, devices,
                        new DriverRuns.Poll("qsys-io"::equals, Duration.ofSeconds(60), r -> r.status() == Status.OK));
            } finally {
                driver.deactivate();
            }
        }
    }
}
