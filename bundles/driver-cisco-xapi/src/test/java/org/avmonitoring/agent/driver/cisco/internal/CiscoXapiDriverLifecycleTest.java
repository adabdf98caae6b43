package org.avmonitoring.agent.driver.cisco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.testing.cisco.CodecFault;
import org.avmonitoring.agent.testing.cisco.CodecSimulator;
import org.avmonitoring.agent.testing.cisco.SimulatedCodec;
import org.junit.jupiter.api.Test;

/** Stopping the driver completes pending checks and releases its threads (HttpClient has no close() on Java 17). */
class CiscoXapiDriverLifecycleTest {

    @Test
    void stoppingCompletesPendingChecksAndEndsTheDriversThreads() throws Exception {
        try (CodecSimulator sim = new CodecSimulator()) {
            SimulatedCodec silent = sim.add("127.0.22.2", 0, true, CiscoTestSupport.USER, CiscoTestSupport.PASSWORD)
                    .faults(CodecFault.SILENT);
            long selectorsBefore = selectorThreads();
            CiscoXapiDriver driver = CiscoTestSupport.startDriver(Map.of());
            CompletableFuture<CheckResult> pending = driver.check(
                    CiscoTestSupport.device("pending", silent, sim.certificateSha256(), "timeout_ms", 60000),
                    Duration.ofSeconds(60));
            await("the request reached the codec", () -> silent.requests() == 1);
            driver.deactivate();
            CheckResult r = pending.get(5, TimeUnit.SECONDS);
            assertEquals(Status.UNKNOWN, r.status());
            assertEquals("Cisco xAPI driver stopped", r.error());
            await("the driver's executor ended", driver::executorTerminated);
            assertEquals(Status.UNKNOWN, driver.check(CiscoTestSupport.device("late", silent, null),
                    Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS).status());
            driver = null;
            await("the HttpClient's selector thread ended once the client was unreachable", () -> {
                System.gc();
                return selectorThreads() <= selectorsBefore;
            });
        }
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("HttpClient-") && t.getName().endsWith("SelectorManager"))
                .count();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }
}
