package org.avmonitoring.agent.itests;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import javax.inject.Inject;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.avmonitoring.agent.testing.cisco.CodecSimulator;
import org.avmonitoring.agent.testing.cisco.SimulatedCodec;
import org.avmonitoring.agent.testing.extron.ExtronSimulator;
import org.avmonitoring.agent.testing.extron.SimulatedSwitcher;
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
 * The Cisco xAPI and Extron SIS driver bundles, absent when the agent starts, dropped into the running agent's
 * hot-deploy folder: a codec (HTTPS, pinned certificate) and a switcher (with a password) go from unknown to ok.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoomSystemDriversHotDeployIT {
    private static final String CISCO = "avmonitoring-driver-cisco-xapi";
    private static final String EXTRON = "avmonitoring-driver-extron-sis";

    @Inject
    private BundleContext ctx;

    private ContainerOptions.Agent agent;
    private CodecSimulator codecs;
    private ExtronSimulator switchers;

    @Configuration
    public Option[] config() {
        ContainerOptions.Agent a = ContainerOptions.newAgent(
                "{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"\",\"devices\":[]}");
        return new Option[] {
            ContainerOptions.container(a, CISCO, EXTRON),
            ContainerOptions.moduleBundle("testing", "avmonitoring-testing", 4),
            frameworkProperty("itest." + CISCO).value(ContainerOptions.treeJar(CISCO).toString()),
            frameworkProperty("itest." + EXTRON).value(ContainerOptions.treeJar(EXTRON).toString()),
        };
    }

    @Before
    public void start() throws Exception {
        agent = ContainerOptions.Agent.of(ctx);
        if (ctx.getServiceReference(ConfigService.class) == null) {
            ContainerOptions.allowRun(ctx);
        }
        codecs = new CodecSimulator();
        switchers = new ExtronSimulator();
        Await.until(Duration.ofMillis(20_000), () -> ctx.getServiceReference(MonitorService.class) != null, "MonitorService");
        Await.until(Duration.ofMillis(20_000), () -> ctx.getServiceReference(ConfigService.class) != null, "ConfigService");
    }

    @After
    public void stop() {
        if (codecs != null) {
            codecs.close();
        }
        if (switchers != null) {
            switchers.close();
        }
    }

    @Test
    public void bothDriversHotDeployedPollTheirDevicesOk() throws Exception {
        SimulatedCodec codec = codecs.add("127.0.40.2", 0, true, "monitor", "it-Pa55");
        SimulatedSwitcher switcher = switchers.add("127.0.40.3", 0).passwords("it-admin", null);
        ConfigService config = ctx.getService(ctx.getServiceReference(ConfigService.class));
        config.addDevice(new Device("codec-1", null, "cisco-xapi", codec.host(), codec.port(), 2, true,
                DeviceSource.LOCAL, Map.of("username", "monitor", "password", "it-Pa55",
                "tls_fingerprint_sha256", codecs.certificateSha256())));
        config.addDevice(new Device("switcher-1", null, "extron-sis", switcher.host(), switcher.port(), 2, true,
                DeviceSource.LOCAL, Map.of("password", "it-admin", "temperature_warning_c", 70)));
        MonitorService monitor = ctx.getService(ctx.getServiceReference(MonitorService.class));
        Await.until(Duration.ofMillis(20_000), () -> "no driver for type cisco-xapi".equals(error(monitor, "codec-1")), "codec-1 unknown for want of a driver");

        install(CISCO);
        install(EXTRON);
        Await.until(Duration.ofMillis(30_000), () -> status(monitor, "codec-1") == Status.OK, "codec-1 ok through the dropped driver");
        Await.until(Duration.ofMillis(30_000), () -> status(monitor, "switcher-1") == Status.OK, "switcher-1 ok through the dropped driver");
        CheckResult codecResult = monitor.state("codec-1").map(DeviceState::latest).orElseThrow();
        org.junit.Assert.assertEquals("Cisco Webex Room Kit", codecResult.metrics().get("product"));
        CheckResult switcherResult = monitor.state("switcher-1").map(DeviceState::latest).orElseThrow();
        org.junit.Assert.assertEquals("Administrator", switcherResult.metrics().get("login"));
        org.junit.Assert.assertTrue(monitor.driverTypes().containsAll(java.util.List.of("cisco-xapi", "extron-sis")));
    }

    private static Status status(MonitorService m, String id) {
        return m.state(id).map(DeviceState::latest).map(CheckResult::status).orElse(null);
    }

    private static String error(MonitorService m, String id) {
        return m.state(id).map(DeviceState::latest).map(CheckResult::error).orElse(null);
    }

    /** Copies the tree's jar in beside the deploy folder, then renames it in: FileInstall never sees half a file. */
    private void install(String artifact) throws IOException {
        Path staging = agent.dataDir.resolve("staging-" + artifact + ".jar");
        Files.copy(Paths.get(ctx.getProperty("itest." + artifact)), staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, agent.deployDir().resolve(artifact + ".jar"), StandardCopyOption.ATOMIC_MOVE);
    }
}
