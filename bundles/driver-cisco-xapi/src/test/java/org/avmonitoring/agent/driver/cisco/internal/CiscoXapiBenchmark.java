package org.avmonitoring.agent.driver.cisco.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.cisco.CodecSimulator;
import org.avmonitoring.agent.testing.tcpsim.DriverRuns;

/**
 * One poll of 1,000 simulated codecs (HTTPS, pinned certificate, 127.2.x.y) from one driver, then the median of three
 * more (TLS sessions and connections reused where the JDK keeps them). Prints wall time and the CPU per device of the
 * driver's threads (the HttpClient's selector thread and the driver's executor, which runs TLS handshake work).
 * Not run by the build (its name does not end in Test):
 * <pre>
 * mvn -B -q -f bundles/driver-cisco-xapi/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.avmonitoring.agent.driver.cisco.internal.CiscoXapiBenchmark [-Dexec.args="1000"]
 * </pre>
 */
public final class CiscoXapiBenchmark {

    private CiscoXapiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (CodecSimulator sim = new CodecSimulator()) {
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String host = "127.2." + (i / 250) + "." + (i % 250 + 1);
                devices.add(CiscoTestSupport.device("bench-" + i,
                        sim.add(host, 0, true, CiscoTestSupport.USER, CiscoTestSupport.PASSWORD), sim.certificateSha256(),
                        "timeout_ms", 30000));
            }
            CiscoXapiDriver driver = CiscoTestSupport.startDriver(Map.of());
            try {
                // The driver's CPU: the JDK HttpClient's threads and the driver's own executor's (cisco-xapi-n).
                DriverRuns.benchmark("Cisco xAPI benchmark over HTTPS (cold: TLS handshakes)", driver, devices,
                        new DriverRuns.Poll(t -> t.startsWith("HttpClient-") || t.startsWith("cisco-xapi-"),
                                Duration.ofSeconds(120), r -> r.status() == Status.OK));
            } finally {
                driver.deactivate();
            }
        }
    }
}
