package org.avmonitoring.agent.driver.samsungmdc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.testing.mdc.SimulatedMdcDisplay;
import org.avmonitoring.agent.testing.tcpsim.DriverRuns;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

/**
 * One poll of 1,000 simulated Samsung displays from one driver instance, over loopback (127.2.x.y:1515): the cold
 * poll (with the identity read, 5 exchanges) and the median of three warm polls (2 exchanges), wall time and CPU per
 * display on the driver's I/O thread. Not a test (no {@code @Test}); see docs/benchmarks.md for the command.
 */
public final class MdcBenchmark {

    private MdcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (TcpSimulator sim = new TcpSimulator("mdc-benchmark-simulator")) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedMdcDisplay d = sim.add(new SimulatedMdcDisplay(1),
                        "127.2." + (i / 250) + "." + (i % 250 + 1), 1515);
                devices.add(DriverRuns.device("bench-" + i, SamsungMdcDriver.TYPE_NAME, d.host(), d.port()));
            }
            SamsungMdcDriver driver = new SamsungMdcDriver();
            driver.activate(DriverRuns.config(SamsungMdcDriver.Config.class, Map.of()));
            try {
                DriverRuns.benchmark("Samsung MDC benchmark", driver, devices, "samsung-mdc-io");
            } finally {
                driver.deactivate();
            }
        }
    }
}
