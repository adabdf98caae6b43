package org.avmonitoring.agent.driver.necdisplay.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.testing.nec.SimulatedNecDisplay;
import org.avmonitoring.agent.testing.tcpsim.DriverRuns;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

/**
 * One poll of 1,000 simulated NEC displays from one driver instance, over loopback (127.3.x.y:7142): the cold poll
 * (power, self-diagnosis, input, volume, mute, serial, model: 7 packets 600 ms apart) and the median of three warm
 * polls (power and self-diagnosis), wall time and CPU per display on the driver's I/O thread. Not a test (no
 * {@code @Test}); see docs/benchmarks.md for the command.
 */
public final class NecBenchmark {

    private NecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (TcpSimulator sim = new TcpSimulator("nec-benchmark-simulator")) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SimulatedNecDisplay d = sim.add(new SimulatedNecDisplay(1),
                        "127.3." + (i / 250) + "." + (i % 250 + 1), 7142);
                devices.add(DriverRuns.device("bench-" + i, NecDisplayDriver.TYPE_NAME, d.host(), d.port()));
            }
            NecDisplayDriver driver = new NecDisplayDriver();
            driver.activate(DriverRuns.config(NecDisplayDriver.Config.class, Map.of()));
            try {
                DriverRuns.benchmark("NEC display benchmark", driver, devices, "nec-display-io");
            } finally {
                driver.deactivate();
            }
        }
    }
}
