package org.avmonitoring.agent.driver.pjlink.internal;

import static org.avmonitoring.agent.driver.pjlink.internal.PjLinkTestSupport.device;
import static org.avmonitoring.agent.driver.pjlink.internal.PjLinkTestSupport.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.driver.CheckTrigger;
import org.avmonitoring.agent.api.driver.DiscoveredDevice;
import org.avmonitoring.agent.testing.pjlink.Fault;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;
import org.avmonitoring.agent.testing.support.Await;
import org.junit.jupiter.api.Test;

/** Stopping the component mid-poll, class 2 notifications and search. */
class PjLinkDriverLifecycleTest {

    @Test
    void deactivateMidPollLeavesNoSocketOrThread() throws Exception {
        try (ProjectorSimulator sim = new ProjectorSimulator()) {
            List<SimulatedProjector> ps = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ps.add(sim.add(new SimulatedProjector.Spec().address("127.0.4." + (i + 1)))
                        .faults(i % 2 == 0 ? Fault.SILENT : Fault.SLOW_REPLY).replyDelayMs(200));
            }
            long socketsBefore = PjLinkTestSupport.openSockets();
            PjLinkDriver driver = PjLinkTestSupport.startDriver(map());
            List<CompletableFuture<CheckResult>> polls = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                polls.add(driver.check(device("life-" + i, ps.get(i), "timeout_ms", 30000), Duration.ofSeconds(60)));
            }
            Await.until(Duration.ofMillis(5000), () -> sim.openConnections() == 20, "all 20 polls connected");

            driver.deactivate();

            for (CompletableFuture<CheckResult> f : polls) {
                assertTrue(f.isDone(), "deactivate completes every pending check");
                assertEquals(Status.UNKNOWN, f.get().status());
                assertEquals("PJLink driver stopped", f.get().error());
            }
            assertEquals(0L, PjLinkTestSupport.threadsNamed("pjlink-io"));
            assertEquals(0L, PjLinkTestSupport.threadsNamed("pjlink-dns"));
            Await.until(Duration.ofMillis(3000), () -> sim.openConnections() == 0, "the projectors saw every connection close");
            Await.until(Duration.ofMillis(3000), () -> PjLinkTestSupport.openSockets() == socketsBefore, "no socket left in this process");

            CheckResult late = driver.check(device("late", ps.get(1)), Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
            assertEquals(Status.UNKNOWN, late.status(), "a check after stop answers at once");
        }
    }

    @Test
    void statusNotificationTriggersAnImmediateCheck() throws Exception {
        try (ProjectorSimulator sim = new ProjectorSimulator()) {
            SimulatedProjector a = sim.add(new SimulatedProjector.Spec().address("127.0.5.1").projectorClass(2));
            SimulatedProjector b = sim.add(new SimulatedProjector.Spec().address("127.0.5.2").projectorClass(2));
            int port = PjLinkTestSupport.freeUdpPort();
            PjLinkDriver driver = PjLinkTestSupport.startDriver(map("notificationsEnabled", true,
                    "notificationsBindAddress", "127.0.0.1", "notificationsPort", port));
            BlockingQueue<String> triggered = new LinkedBlockingQueue<>();
            CheckTrigger trigger = (type, host) -> triggered.add(type + " " + host);
            driver.bindCheckTrigger(trigger);
            try {
                InetSocketAddress listener = new InetSocketAddress("127.0.0.1", port);
                Await.until(Duration.ofSeconds(5), () -> !PjLinkTestSupport.udpPortFree(port), "the listener bound");
                ProjectorSimulator.notify(a, listener, "POWR", "1");
                ProjectorSimulator.notify(a, listener, "ERST", "000000"); // within a second: coalesced
                ProjectorSimulator.notify(b, listener, "FOO", "1"); // not a notification
                ProjectorSimulator.notify(b, listener, "LKUP", b.mac());
                assertEquals("pjlink 127.0.5.1", triggered.poll(5, TimeUnit.SECONDS));
                assertEquals("pjlink 127.0.5.2", triggered.poll(5, TimeUnit.SECONDS));
                assertTrue(triggered.isEmpty(), triggered.toString());

                driver.modified(PjLinkTestSupport.config(map("notificationsEnabled", false)));
                Await.until(Duration.ofSeconds(5), () -> PjLinkTestSupport.udpPortFree(port), "listener closed when disabled");
            } finally {
                driver.unbindCheckTrigger(trigger);
                driver.deactivate();
            }
        }
    }

    /**
     * Class 2 projectors answer the search with their MAC. To several addresses (the dev setup lists its simulators'
     * loopback addresses: a broadcast would leave the host), each is sent the search.
     */
    @Test
    void aSearchToSeveralAddressesFindsTheClassTwoProjectorAtEach() throws Exception {
        try (ProjectorSimulator sim = new ProjectorSimulator()) {
            SimulatedProjector first = sim.add(new SimulatedProjector.Spec().address("127.0.61.1").projectorClass(2)
                    .udp(true, -1).mac("02:00:00:00:00:01"));
            int udpPort = first.udpAddress().getPort();
            sim.add(new SimulatedProjector.Spec().address("127.0.61.2").projectorClass(2).udp(true, udpPort)
                    .mac("02:00:00:00:00:02"));
            PjLinkDriver driver = PjLinkTestSupport.startDriver(map("searchAddress", "127.0.61.1, 127.0.61.2",
                    "searchPort", udpPort));
            try {
                List<DiscoveredDevice> found = driver.discover(Duration.ofMillis(500)).get(5, TimeUnit.SECONDS).stream()
                        .sorted(Comparator.comparing(DiscoveredDevice::host)).toList();
                assertEquals(List.of(
                        new DiscoveredDevice("pjlink", "127.0.61.1", udpPort, "PJLink class 2, MAC 02:00:00:00:00:01"),
                        new DiscoveredDevice("pjlink", "127.0.61.2", udpPort, "PJLink class 2, MAC 02:00:00:00:00:02")),
                        found);
            } finally {
                driver.deactivate();
            }
        }
    }
}
