package org.avmonitoring.agent.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.avmonitoring.agent.testing.qsys.QrcSimulator;
import org.avmonitoring.agent.testing.qsys.SimulatedCore;
import org.avmonitoring.agent.testing.tesira.SimulatedTesira;
import org.avmonitoring.agent.testing.tesira.TesiraSimulator;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The Q-SYS and Tesira driver bundles, absent at start, dropped into a running agent's hot-deploy folder: a Core and
 * a Tesira (the simulators, over loopback) go from unknown to ok through them, a Tesira fault turns ko, and removing
 * the jars puts the devices back to unknown.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QsysTesiraHotDeployIT {
    private static final String QSYS_PORT = "itest.qsys.port";
    private static final String TESIRA_PORT = "itest.tesira.port";
    private static final String[] DRIVERS = {"avmonitoring-driver-qsys", "avmonitoring-driver-tesira"};

    @Inject
    private BundleContext ctx;

    private MonitorService monitor;

    private QrcSimulator cores;
    private TesiraSimulator tesiras;

    @Configuration
    public Option[] config() throws IOException {
        int qsysPort = ContainerOptions.freePort();
        int tesiraPort = ContainerOptions.freePort();
        String json = "{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"\",\"collect_interval_s\":2,"
                + "\"devices\":[{\"id\":\"core-1\",\"type\":\"qsys\",\"host\":\"127.0.0.41\",\"port\":" + qsysPort
                + ",\"username\":\"monitor\",\"password\":\"4321\"},"
                + "{\"id\":\"dsp-1\",\"type\":\"tesira\",\"host\":\"127.0.0.42\",\"port\":" + tesiraPort + "}]}";
        ContainerOptions.Agent a = ContainerOptions.newAgent(json);
        List<Option> options = new ArrayList<>();
        options.add(ContainerOptions.container(a, DRIVERS));
        options.add(ContainerOptions.moduleBundle("testing", "avmonitoring-testing", 4));
        for (String driver : DRIVERS) {
            options.add(frameworkProperty("itest.jar." + driver).value(ContainerOptions.treeJar(driver).toString()));
        }
        options.add(frameworkProperty(QSYS_PORT).value(Integer.toString(qsysPort)));
        options.add(frameworkProperty(TESIRA_PORT).value(Integer.toString(tesiraPort)));
        return options.toArray(new Option[0]);
    }

    @After
    public void stopSimulators() {
        if (cores != null) {
            cores.close();
        }
        if (tesiras != null) {
            tesiras.close();
        }
    }

    @Test
    public void driversDroppedInPollTheirDevices() throws Exception {
        ContainerOptions.Agent agent = ContainerOptions.Agent.of(ctx);
        if (ctx.getServiceReference(org.avmonitoring.agent.api.config.ConfigService.class) == null) {
            ContainerOptions.allowRun(ctx);
        }
        Await.until(Duration.ofMillis(20_000), () -> ctx.getServiceReference(MonitorService.class) != null,
                "the monitor service");
        monitor = ctx.getService(ctx.getServiceReference(MonitorService.class));
        cores = new QrcSimulator();
        SimulatedCore core = cores.add("127.0.0.41", Integer.parseInt(ctx.getProperty(QSYS_PORT)))
                .accessControl("monitor", "4321");
        tesiras = new TesiraSimulator();
        SimulatedTesira dsp = tesiras.add("127.0.0.42", Integer.parseInt(ctx.getProperty(TESIRA_PORT)));
        Await.until(Duration.ofMillis(20_000), () -> "no driver for type qsys".equals(error("core-1")) && "no driver for type tesira".equals(error("dsp-1")),
                "no driver yet");

        for (String driver : DRIVERS) {
            Path staging = agent.dataDir.resolve("staging.jar");
            Files.copy(Paths.get(ctx.getProperty("itest.jar." + driver)), staging, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staging, agent.deployDir().resolve(driver + ".jar"), StandardCopyOption.ATOMIC_MOVE);
        }
        Await.until(Duration.ofMillis(30_000), () -> status("core-1") == Status.OK && status("dsp-1") == Status.OK,
                "core and Tesira ok through the dropped drivers");
        assertTrue(core.logons() > 0);

        dsp.faults(new SimulatedTesira.ActiveFault(SimulatedTesira.Severity.MAJOR, "FAULT_AMP_TEMP_DEVICE",
                "Amp device too hot"));
        Await.until(Duration.ofMillis(20_000), () -> "Amp device too hot".equals(error("dsp-1")),
                "the Tesira fault seen");

        for (String driver : DRIVERS) {
            Files.delete(agent.deployDir().resolve(driver + ".jar"));
        }
        Await.until(Duration.ofMillis(20_000), () -> "no driver for type qsys".equals(error("core-1")) && "no driver for type tesira".equals(error("dsp-1")),
                "devices back to unknown");
    }

    private Status status(String id) {
        return monitor.state(id).map(DeviceState::latest).map(CheckResult::status).orElse(null);
    }

    private String error(String id) {
        return monitor.state(id).map(DeviceState::latest).map(CheckResult::error).orElse(null);
    }
}
