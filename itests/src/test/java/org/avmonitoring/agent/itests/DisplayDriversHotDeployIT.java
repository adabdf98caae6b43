package org.avmonitoring.agent.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.avmonitoring.agent.testing.mdc.SimulatedMdcDisplay;
import org.avmonitoring.agent.testing.nec.SimulatedNecDisplay;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;
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

/**
 * The Samsung MDC and NEC display driver bundles, absent when the agent starts, dropped into its hot-deploy folder
 * while it runs: their devices go from unknown ("no driver") to ok against the simulated displays, with the
 * identity the simulators report, through the collector as any driver.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DisplayDriversHotDeployIT {
    private static final String MDC_PORT = "itest.mdc.port";
    private static final String NEC_PORT = "itest.nec.port";

    @Inject
    private BundleContext ctx;

    private ContainerOptions.Agent agent;
    private TcpSimulator simulator;

    @Configuration
    public Option[] config() throws IOException {
        int mdcPort = ContainerOptions.freePort();
        int necPort = ContainerOptions.freePort();
        String json = "{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"\",\"devices\":["
                + "{\"id\":\"mdc-1\",\"type\":\"samsung-mdc\",\"host\":\"127.0.0.41\",\"port\":" + mdcPort
                + ",\"interval_s\":2},"
                + "{\"id\":\"nec-1\",\"type\":\"nec-display\",\"host\":\"127.0.0.42\",\"port\":" + necPort
                + ",\"interval_s\":10}]}";
        ContainerOptions.Agent a = ContainerOptions.newAgent(json);
        List<Option> options = new ArrayList<>();
        options.add(ContainerOptions.container(a, "avmonitoring-driver-samsung-mdc", "avmonitoring-driver-nec-display"));
        options.add(ContainerOptions.moduleBundle("testing", "avmonitoring-testing", 4));
        options.add(frameworkProperty(MDC_PORT).value(Integer.toString(mdcPort)));
        options.add(frameworkProperty(NEC_PORT).value(Integer.toString(necPort)));
        return options.toArray(new Option[0]);
    }

    @Before
    public void start() throws Exception {
        agent = ContainerOptions.Agent.of(ctx);
        if (ctx.getServiceReference(ConfigService.class) == null) {
            ContainerOptions.allowRun(ctx);
        }
        simulator = new TcpSimulator("itest-display-simulator");
        simulator.add(new SimulatedMdcDisplay(1), "127.0.0.41", Integer.parseInt(ctx.getProperty(MDC_PORT)));
        simulator.add(new SimulatedNecDisplay(1), "127.0.0.42", Integer.parseInt(ctx.getProperty(NEC_PORT)));
        Await.until(Duration.ofMillis(20_000), () -> ctx.getServiceReference(MonitorService.class) != null,
                "MonitorService");
    }

    @After
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    public void displayDriversDroppedInWhileTheAgentRunsPollTheirDisplays() throws Exception {
        MonitorService monitor = ctx.getService(ctx.getServiceReference(MonitorService.class));
        Await.until(Duration.ofMillis(20_000), () -> "no driver for type samsung-mdc".equals(error(monitor, "mdc-1")),
                "mdc-1 unknown for want of a driver");
        assertEquals(Status.UNKNOWN, monitor.state("nec-1").orElseThrow().status());

        for (String artifact : List.of("avmonitoring-driver-samsung-mdc", "avmonitoring-driver-nec-display")) {
            Path jar = ContainerOptions.treeJar(artifact); // Left out of the container, dropped in now.
            Path staging = agent.dataDir.resolve("staging.jar");
            Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staging, agent.deployDir().resolve(artifact + ".jar"), StandardCopyOption.ATOMIC_MOVE);
        }
        Await.until(Duration.ofMillis(30_000), () -> status(monitor, "mdc-1") == Status.OK,
                "mdc-1 ok through the dropped driver");
        Await.until(Duration.ofMillis(30_000), () -> status(monitor, "nec-1") == Status.OK,
                "nec-1 ok through the dropped driver");
        CheckResult mdc = monitor.state("mdc-1").orElseThrow().latest();
        assertEquals("QM55R-SIM", mdc.metrics().get("model_name"));
        assertEquals("on", mdc.metrics().get("power"));
        CheckResult nec = monitor.state("nec-1").orElseThrow().latest();
        assertEquals("on", nec.metrics().get("power"));
        assertEquals("00", nec.metrics().get("self_diagnosis"));
        assertTrue(monitor.driverTypes().containsAll(List.of("samsung-mdc", "nec-display")));
    }

    private static Status status(MonitorService m, String id) {
        return m.state(id).map(DeviceState::latest).map(CheckResult::status).orElse(null);
    }

    private static String error(MonitorService m, String id) {
        return m.state(id).map(DeviceState::latest).map(CheckResult::error).orElse(null);
    }
}
