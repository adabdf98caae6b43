package org.avmonitoring.agent.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.testing.support.Await;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The whole installation tree in a real Felix: everything starts, HTTP is local only, the console is locked. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerIT {
    private ContainerOptions.Agent agent;

    @Inject
    private BundleContext ctx;

    @Configuration
    public Option[] config() {
        ContainerOptions.Agent agent = ContainerOptions.newAgent("{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"\","
                + "\"devices\":[{\"id\":\"tv-1\",\"type\":\"ping\",\"host\":\"127.0.0.1\",\"interval_s\":15}]}");
        return new Option[] {ContainerOptions.container(agent)};
    }

    @Before
    public void run() throws InterruptedException {
        agent = ContainerOptions.Agent.of(ctx);
        if (ctx.getServiceReference(ConfigService.class) == null) {
            ContainerOptions.allowRun(ctx);
        }
        Await.until(Duration.ofMillis(10_000), () -> ctx.getServiceReference(ConfigService.class) != null, "ConfigService");
    }

    @Test
    public void everyBundleIsActive() throws InterruptedException {
        Await.until(Duration.ofMillis(20_000), () -> inactive().isEmpty(), "every bundle ACTIVE");
        int ours = 0;
        for (Bundle b : ctx.getBundles()) {
            if (b.getSymbolicName().startsWith("org.avmonitoring.agent.")) {
                ours++;
            }
        }
        assertTrue("our bundles present: " + ours, ours >= 3);
    }

    @Test
    public void everyComponentIsSatisfied() throws InterruptedException {
        ServiceReference<ServiceComponentRuntime> ref = ctx.getServiceReference(ServiceComponentRuntime.class);
        assertNotNull("SCR runs", ref);
        ServiceComponentRuntime scr = ctx.getService(ref);
        List<String> bad = new ArrayList<>();
        Await.until(Duration.ofMillis(20_000), () -> {
            bad.clear();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (!d.defaultEnabled) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        bad.add(d.bundle.symbolicName + "/" + d.name + " state " + c.state);
                    }
                }
            }
            return bad.isEmpty();
        }, "every DS component satisfied");
        assertTrue(bad.toString(), bad.isEmpty());
    }

    @Test
    public void theConfigStoreLoadedTheFile() {
        ConfigService config = ctx.getService(ctx.getServiceReference(ConfigService.class));
        assertEquals(agent.config.toAbsolutePath(), config.file());
        assertEquals("itest", config.current().settings().siteName());
        assertEquals("tv-1", config.current().devices().get(0).id());
    }

    @Test
    public void httpAnswersOnLoopbackOnly() throws Exception {
        Await.until(Duration.ofMillis(20_000), () -> ContainerOptions.httpStatus(agent.httpPort, "/system/console", null) > 0, "HTTP on 127.0.0.1:" + agent.httpPort);
        // All of 127/8 reaches this host: a listener bound to every address would accept on 127.0.0.2 too.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.2", agent.httpPort), 2_000);
            fail("HTTP accepted a connection on 127.0.0.2: it is not bound to 127.0.0.1 alone");
        } catch (ConnectException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("refused"));
        }
    }

    @Test
    public void theWebConsoleRefusesRequestsWithoutTheInstallationsCredentials() throws Exception {
        Await.until(Duration.ofMillis(20_000), () -> ContainerOptions.httpStatus(agent.httpPort, "/system/console", null) > 0, "HTTP up");
        assertEquals(401, ContainerOptions.httpStatus(agent.httpPort, "/system/console/bundles", null));
        assertEquals(401, ContainerOptions.httpStatus(agent.httpPort, "/system/console/bundles", "admin:admin"));
        assertEquals(401, ContainerOptions.httpStatus(agent.httpPort, "/system/console/bundles", ContainerOptions.CONSOLE_USER + ":wrong"));
        assertEquals(200, ContainerOptions.httpStatus(agent.httpPort, "/system/console/bundles",
                ContainerOptions.CONSOLE_USER + ":" + ContainerOptions.CONSOLE_PASSWORD));
    }

    private List<String> inactive() {
        List<String> out = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b.getState() != Bundle.ACTIVE) {
                out.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        return out;
    }
}
