package org.avmonitoring.agent.driver.tesira.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.tcpsim.DriverRuns;
import org.avmonitoring.agent.testing.tcpsim.Loopback;
import org.avmonitoring.agent.testing.tesira.TesiraSimulator;
import org.avmonitoring.agent.testing.tesira.SimulatedTesira;

/**
 * One poll of 1,000 simulated Tesiras (127.3.x.y:2323, one in ten with a minor
 * fault; a poll is the Telnet refusal, the banner and four commands) from
 * one driver, then the median of three more: wall time and the CPU of the driver's I/O thread per device. Not a
 * test (surefire runs *Test classes only); see docs/benchmarks.md for the command.
 */
public final class TesiraBenchmark {
    private TesiraBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (TesiraSimulator sim = new TesiraSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedTesira t = sim.add(Loopback.nth("127.3.0.1", i), 2323);
                if (i % 10 == 0) {
                    t.faults(new SimulatedTesira.ActiveFault(SimulatedTesira.Severity.MINOR, "FAULT_X", "bench"));
                }
                devices.add(DriverRuns.device("dsp-" + i, "tesira", t.host(), 2323));
            }
            TesiraDriver driver = new TesiraDriver();
            driver.activate();
            try {
                DriverRuns.benchmark("Tesira benchmark (answered: ok or warning)", driver, devices,
                        new DriverRuns.Poll("tesira-io"::equals, Duration.ofSeconds(60), r -> r.status() != Status.KO));
            } finally {
                driver.deactivate();
            }
        }
    }
}
