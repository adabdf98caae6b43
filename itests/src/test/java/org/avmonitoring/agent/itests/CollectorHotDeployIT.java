package org.avmonitoring.agent.itests;

import static org.avmonitoring.agent.itests.ContainerOptions.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarInputStream;

import javax.inject.Inject;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.avmonitoring.agent.api.monitor.ResultListener;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;
import org.avmonitoring.agent.testing.snmp.SnmpdProcess;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Issue 4's hot-deploy scenario, in the real container while the collector polls ping devices (fping over loopback)
 * and an SNMP device (Debian's snmpd on loopback, added to the configuration while the agent runs):
 * the PJLink driver bundle is absent at start, then dropped into the hot-deploy folder (its devices go from unknown
 * to ok), replaced by a newer version (polling goes on through the new code, told by the {@code driver_version}
 * metric), then removed (its devices go back to unknown). Throughout, the ping and SNMP devices miss no cycle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CollectorHotDeployIT {
    private static final int PING_INTERVAL_S = 2;
    private static final String PJLINK_JAR = "itest.pjlink.jar";
    private static final String PJLINK_PORT = "itest.pjlink.port";
    private static final String NEWER_VERSION = "9.9.9.itest";

    @Inject
    private BundleContext ctx;

    private ContainerOptions.Agent agent;
    private ProjectorSimulator simulator;
    private SnmpdProcess snmpd;
    private ServiceRegistration<ResultListener> listenerReg;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** One result as a listener saw it. */
    record Seen(String id, Instant checkedAt, Status status, Object driverVersion, String error) {
    }

    @Configuration
    public Option[] config() throws IOException {
        int pjPort = ContainerOptions.freePort();
        String json = "{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"\",\"collect_interval_s\":"
                + PING_INTERVAL_S + ",\"devices\":["
                + "{\"id\":\"ping-1\",\"type\":\"ping\",\"host\":\"127.0.0.1\"},"
                + "{\"id\":\"ping-2\",\"type\":\"ping\",\"host\":\"127.0.0.2\"},"
                + "{\"id\":\"pj-1\",\"type\":\"pjlink\",\"host\":\"127.0.0.31\",\"port\":" + pjPort + ",\"interval_s\":2},"
                + "{\"id\":\"pj-2\",\"type\":\"pjlink\",\"host\":\"127.0.0.32\",\"port\":" + pjPort + ",\"interval_s\":2}]}";
        ContainerOptions.Agent a = ContainerOptions.newAgent(json);
        List<Option> options = new ArrayList<>();
        // The tree without its PJLink driver: the test deploys the tree's own jar into the hot-deploy folder.
        options.add(ContainerOptions.container(a, "avmonitoring-driver-pjlink"));
        options.add(ContainerOptions.moduleBundle("testing", "avmonitoring-testing", 4));
        options.add(frameworkProperty(PJLINK_JAR).value(ContainerOptions.treeJar("avmonitoring-driver-pjlink").toString()));
        options.add(frameworkProperty(PJLINK_PORT).value(Integer.toString(pjPort)));
        return options.toArray(new Option[0]);
    }

    @Before
    public void start() throws Exception {
        org.junit.Assume.assumeTrue("needs Debian's snmpd and fping (apt-get install snmpd fping)",
                SnmpdProcess.installed() && java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/fping")));
        agent = ContainerOptions.Agent.of(ctx);
        if (ctx.getServiceReference(ConfigService.class) == null) {
            ContainerOptions.allowRun(ctx);
        }
        int port = Integer.parseInt(ctx.getProperty(PJLINK_PORT));
        snmpd = SnmpdProcess.builder().community("itest-ro").start();
        simulator = new ProjectorSimulator();
        for (String host : List.of("127.0.0.31", "127.0.0.32")) {
            simulator.add(new SimulatedProjector.Spec().address(host).port(port)).power(SimulatedProjector.Power.ON);
        }
        listenerReg = ctx.registerService(ResultListener.class, (device, result, previous) -> seen.add(
                new Seen(device.id(), result.checkedAt(), result.status(), result.metrics().get("driver_version"),
                        result.error())), new Hashtable<>(Map.of()));
        await("MonitorService", 20_000, () -> ctx.getServiceReference(MonitorService.class) != null);
    }

    @After
    public void stop() {
        if (listenerReg != null) {
            listenerReg.unregister();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (snmpd != null) {
            snmpd.close();
        }
    }

    @Test
    public void driverDroppedUpdatedAndRemovedWhileOthersPollOn() throws Exception {
        MonitorService monitor = ctx.getService(ctx.getServiceReference(MonitorService.class));
        await("the ping devices polled", 20_000, () -> checks(monitor, "ping-1") >= 2 && checks(monitor, "ping-2") >= 2);
        // a device added while the agent runs (as from the UI) is polled without touching the others' schedules
        ConfigService config = ctx.getService(ctx.getServiceReference(ConfigService.class));
        config.addDevice(new Device("snmp-1", null, "snmp", snmpd.address().getAddress().getHostAddress(), snmpd.port(),
                PING_INTERVAL_S, true, DeviceSource.LOCAL, Map.of("snmp", Map.of("version", "2c", "community", "itest-ro"))));
        await("the snmp device added live polled ok", 20_000, () -> monitor.state("snmp-1")
                .map(s -> s.status() == Status.OK).orElse(false));
        await("pj-1 unknown for want of a driver", 10_000, () -> "no driver for type pjlink".equals(error(monitor, "pj-1")));
        assertEquals(Status.UNKNOWN, monitor.state("pj-2").orElseThrow().status());

        Path deployed = agent.deployDir().resolve("avmonitoring-driver-pjlink.jar");
        Path original = Paths.get(ctx.getProperty(PJLINK_JAR));
        String v1 = bundleVersion(original);
        ContainerOptions.deploy(agent, original, deployed);
        await("pjlink devices ok through the dropped driver " + v1, 20_000,
                () -> okThrough(monitor, "pj-1", v1) && okThrough(monitor, "pj-2", v1));
        assertTrue(monitor.driverTypes().contains("pjlink"));

        Path newer = agent.dataDir.resolve("avmonitoring-driver-pjlink-newer.jar");
        ContainerOptions.withVersion(original, newer, NEWER_VERSION);
        ContainerOptions.deploy(agent, newer, deployed);
        await("pjlink devices polled through the newer driver", 20_000,
                () -> okThrough(monitor, "pj-1", NEWER_VERSION) && okThrough(monitor, "pj-2", NEWER_VERSION));

        Instant removedAt = Instant.now();
        Files.delete(deployed);
        await("pjlink devices back to unknown", 20_000, () -> "no driver for type pjlink".equals(error(monitor, "pj-1"))
                && "no driver for type pjlink".equals(error(monitor, "pj-2")));
        assertTrue(monitor.driverTypes().toString(), !monitor.driverTypes().contains("pjlink"));

        String metrics = get("/metrics");
        assertTrue(metrics, metrics.contains("avmonitoring_device_status{id=\"pj-1\",type=\"pjlink\"} 3"));
        assertTrue(metrics, metrics.contains("avmonitoring_devices_monitored 5"));

        for (String id : List.of("ping-1", "ping-2", "snmp-1")) {
            List<Seen> results = seen.stream().filter(s -> s.id().equals(id)).toList();
            assertTrue(id + " polled: " + results.size(), results.size() >= 2);
            assertTrue(id + " still polled after the removal", results.get(results.size() - 1).checkedAt()
                    .isAfter(removedAt.minusSeconds(PING_INTERVAL_S)));
            for (int i = 1; i < results.size(); i++) {
                long gapMs = results.get(i).checkedAt().toEpochMilli() - results.get(i - 1).checkedAt().toEpochMilli();
                assertTrue(id + " missed a cycle: " + gapMs + " ms between two checks", gapMs < 2 * PING_INTERVAL_S * 1000);
            }
            assertTrue(results.stream().noneMatch(s -> s.status() == Status.UNKNOWN));
        }
        List<Seen> pj = seen.stream().filter(s -> s.id().startsWith("pj-") && s.status() == Status.OK).toList();
        assertTrue("some results through each version", pj.stream().anyMatch(s -> v1.equals(s.driverVersion()))
                && pj.stream().anyMatch(s -> NEWER_VERSION.equals(s.driverVersion())));
    }

    private static long checks(MonitorService m, String id) {
        return m.state(id).map(DeviceState::checks).orElse(0L);
    }

    private static String error(MonitorService m, String id) {
        return m.state(id).map(DeviceState::latest).map(CheckResult::error).orElse(null);
    }

    private static boolean okThrough(MonitorService m, String id, String version) {
        CheckResult r = m.state(id).map(DeviceState::latest).orElse(null);
        return r != null && r.status() == Status.OK && version.equals(r.metrics().get("driver_version"));
    }

    private static String bundleVersion(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            return in.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    private String get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + agent.httpPort + path).openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(5_000);
        try (InputStream in = c.getInputStream()) {
            assertEquals(200, c.getResponseCode());
            assertTrue(c.getContentType(), c.getContentType().startsWith("text/plain; version=0.0.4"));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }
}
