package org.avmonitoring.agent.driver.ping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.testing.support.Peers;
import org.junit.jupiter.api.Test;

class FpingBatcherTest {
    private static final Path FPING = Path.of("/usr/bin/fping");

    /**
     * The scale fix: checks arriving while every fping process is busy wait for one to end and then share a single
     * process, instead of queueing one small process per window (which fell behind at a few hundred checks/s).
     */
    @Test
    void checksArrivingWhileAllProcessesAreBusyShareTheNextProcess() throws Exception {
        assumeTrue(Peers.available(Files.isExecutable(FPING), "needs Debian's fping (apt-get install fping)"),
                "needs Debian's fping (apt-get install fping)");
        try (FpingBatcher fping = new FpingBatcher(FPING, 5, 1000, 1, 200, 1, 64)) {
            // 3 echoes 200 ms apart: the one process is busy for about 400 ms.
            CompletableFuture<Echoes> first = fping.ping("127.0.0.1", 3, 500, 5);
            List<CompletableFuture<Echoes>> later = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                later.add(fping.ping("127.0.1." + i, 1, 500, 5));
                Thread.sleep(1); // a stream of checks, each in a window of its own
            }
            assertEquals(3, answered(first));
            for (CompletableFuture<Echoes> f : later) {
                assertEquals(1, answered(f));
            }
            assertEquals(2, fping.processesStarted(), "the 50 later checks went in one fping run");
        }
    }

    /** A long window (fewer fping processes) must not make a check with a short deadline miss it. */
    @Test
    void aCheckThatCannotWaitTheWindowMakesItsBatchGoSooner() throws Exception {
        assumeTrue(Files.isExecutable(FPING), "needs Debian's fping (apt-get install fping)");
        try (FpingBatcher fping = new FpingBatcher(FPING, 60_000, 1000, 1, 200, 1, 64)) {
            CompletableFuture<Echoes> patient = fping.ping("127.0.2.1", 1, 500, 60_000);
            CompletableFuture<Echoes> hurried = fping.ping("127.0.2.2", 1, 500, 0);
            assertEquals(1, answered(hurried), "went at once, not after the 60 s window");
            assertEquals(1, answered(patient), "and took the earlier check along");
            assertEquals(1, fping.processesStarted());
        }
    }

    private static long answered(CompletableFuture<Echoes> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS).rttsMs().stream().filter(r -> r != null).count();
    }
}
