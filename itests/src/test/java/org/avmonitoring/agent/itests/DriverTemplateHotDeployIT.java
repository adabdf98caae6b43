package org.avmonitoring.agent.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.time.Duration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.driver.DriverCatalog;
import org.avmonitoring.agent.api.driver.DriverInfo;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.MonitorService;
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
 * Issue 15's driver platform end to end: the driver template, built outside the reactor against the driver kit
 * (examples/driver-template; built here with {@code mvn -o -f ... package} when its jar is missing), is dropped into
 * a running agent's {@code deploy/}: its type appears in the {@link DriverCatalog} (what {@code /api/drivers}
 * serves) with its description, a device of that type configured before goes ok, the configuration warning about
 * the missing driver goes away, the driver's exported metric appears on {@code /metrics}; a new version replaces it
 * in place; removing it brings "no driver" back and its type leaves the catalog.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverTemplateHotDeployIT {
    private static final String TEMPLATE_JAR = "itest.template.jar";
    private static final String GREETER_PORT = "itest.greeter.port";
    private static final String NEWER_VERSION = "1.0.1.itest";

    @Inject
    private BundleContext ctx;

    private ContainerOptions.Agent agent;
    private ServerSocket greeter;

    @Configuration
    public Option[] config() throws Exception {
        int port = ContainerOptions.freePort();
        String json = "{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"\",\"devices\":["
                + "{\"id\":\"ssh-1\",\"type\":\"banner\",\"host\":\"127.0.0.1\",\"port\":" + port
                + ",\"interval_s\":2,\"banner\":{\"expect\":\"^SSH-2\"}}]}";
        ContainerOptions.Agent a = ContainerOptions.newAgent(json);
        List<Option> options = new ArrayList<>();
        options.add(ContainerOptions.container(a));
        options.add(frameworkProperty(TEMPLATE_JAR).value(templateJar().toString()));
        options.add(frameworkProperty(GREETER_PORT).value(Integer.toString(port)));
        return options.toArray(new Option[0]);
    }

    /** The template's jar, built as its guide says (outside the reactor, against the installed kit) if missing. */
    static Path templateJar() throws IOException, InterruptedException {
        Path template = ContainerOptions.tree().resolve("../../../examples/driver-template").normalize();
        Path jar = template.resolve("target/avmonitoring-driver-banner.jar");
        if (!Files.exists(jar)) {
            Process p = new ProcessBuilder("mvn", "-B", "-o", "-q", "-DskipTests", "-f",
                    template.resolve("pom.xml").toString(), "package").inheritIO().start();
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(jar)) {
                p.destroyForcibly();
                throw new IllegalStateException("could not build " + jar + ": run mvn install -DskipTests at the"
                        + " root, then mvn -f examples/driver-template/pom.xml package");
            }
        }
        return jar;
    }

    @Before
    public void start() throws Exception {
        agent = ContainerOptions.Agent.of(ctx);
        if (ctx.getServiceReference(ConfigService.class) == null) {
            ContainerOptions.allowRun(ctx);
        }
        greeter = new ServerSocket();
        greeter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(ctx.getProperty(GREETER_PORT))));
        Thread t = new Thread(() -> {
            while (!greeter.isClosed()) {
                try (Socket s = greeter.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("SSH-2.0-itest\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.setSoTimeout(5_000);
                    s.getInputStream().read();
                } catch (IOException e) {
                    // closed, or the client went
                }
            }
        }, "itest-greeter");
        t.setDaemon(true);
        t.start();
        Await.until(Duration.ofMillis(20_000), () -> ctx.getServiceReference(MonitorService.class) != null && ctx.getServiceReference(DriverCatalog.class) != null,
                "MonitorService and DriverCatalog");
    }

    @After
    public void stop() throws IOException {
        if (greeter != null) {
            greeter.close();
        }
    }

    @Test
    public void templateDroppedUpdatedAndRemoved() throws Exception {
        MonitorService monitor = ctx.getService(ctx.getServiceReference(MonitorService.class));
        DriverCatalog catalog = ctx.getService(ctx.getServiceReference(DriverCatalog.class));
        ConfigService config = ctx.getService(ctx.getServiceReference(ConfigService.class));
        assertNull(catalog.driver("banner"));
        Await.until(Duration.ofMillis(20_000), () -> "no driver for type banner".equals(error(monitor)),
                "ssh-1 unknown for want of a driver");
        Await.until(Duration.ofMillis(10_000), () -> config.warnings().toString() .contains("devices[ssh-1].type: no driver installed for type \"banner\""),
                "a warning names the type without driver");

        Path deployed = agent.deployDir().resolve("avmonitoring-driver-banner.jar");
        Path original = Paths.get(ctx.getProperty(TEMPLATE_JAR));
        ContainerOptions.deploy(agent, original, deployed);
        Await.until(Duration.ofMillis(20_000), () -> catalog.driver("banner") != null,
                "the banner type in the catalog");
        DriverInfo info = catalog.driver("banner");
        assertEquals("TCP banner", info.name());
        assertEquals("com.example.avmonitoring.banner", info.bundleSymbolicName());
        assertNotNull(info.description().setting("banner").field("expect"));
        Await.until(Duration.ofMillis(20_000), () -> status(monitor) == Status.OK,
                "ssh-1 ok through the deployed driver");
        Await.until(Duration.ofMillis(10_000), () -> config.warnings().isEmpty(),
                "the warning gone");
        String metrics = get("/metrics");
        assertTrue(metrics, metrics.contains("avmonitoring_device_metric{id=\"ssh-1\",type=\"banner\",metric=\"connect_ms\"}"));

        Path newer = agent.dataDir.resolve("avmonitoring-driver-banner-newer.jar");
        ContainerOptions.withVersion(original, newer, NEWER_VERSION);
        ContainerOptions.deploy(agent, newer, deployed);
        Await.until(Duration.ofMillis(20_000), () -> {
            CheckResult r = monitor.state("ssh-1").map(DeviceState::latest).orElse(null);
            return r != null && r.status() == Status.OK && NEWER_VERSION.equals(r.metrics().get("driver_version"));
        }, "ssh-1 polled through the newer version");
        assertEquals(NEWER_VERSION, catalog.driver("banner").version());

        Files.delete(deployed);
        Await.until(Duration.ofMillis(20_000), () -> "no driver for type banner".equals(error(monitor)),
                "ssh-1 back to no driver");
        assertNull(catalog.driver("banner"));
    }

    private static Status status(MonitorService m) {
        return m.state("ssh-1").map(DeviceState::status).orElse(Status.UNKNOWN);
    }

    private static String error(MonitorService m) {
        return m.state("ssh-1").map(DeviceState::latest).map(CheckResult::error).orElse(null);
    }

    private String get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + agent.httpPort + path).openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(5_000);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }
}
