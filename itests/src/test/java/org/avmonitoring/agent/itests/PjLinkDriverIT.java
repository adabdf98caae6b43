package org.avmonitoring.agent.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.testing.pjlink.Fault;
import org.avmonitoring.agent.testing.pjlink.ProjectorSimulator;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;
import org.avmonitoring.agent.testing.support.Await;
import org.junit.After;
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
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The PJLink driver bundle in the real container, polling a simulated projector over loopback; stopping the bundle
 * mid-poll closes its socket and ends its I/O thread.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PjLinkDriverIT {
    private static final String PJLINK_BSN = "org.avmonitoring.agent.driver-pjlink";

    @Inject
    private BundleContext ctx;

    private ProjectorSimulator simulator;

    @Configuration
    public Option[] config() {
        ContainerOptions.Agent agent = ContainerOptions.newAgent(
                "{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"\",\"devices\":[]}");
        return new Option[] {
            ContainerOptions.container(agent, "avmonitoring-driver-pjlink", "avmonitoring-testing"),
            ContainerOptions.moduleBundle("bundles/driver-pjlink", "avmonitoring-driver-pjlink", 4),
        };
    }

    /** The jar a module of this reactor built (the build runs the modules before itests). */
    @Before
    public void start() throws IOException {
        simulator = new ProjectorSimulator();
    }

    @After
    public void stop() {
        simulator.close();
    }

    private DeviceDriver driver() throws InterruptedException {
        Await.until(Duration.ofMillis(20_000), () -> reference() != null, "the pjlink DeviceDriver service");
        return ctx.getService(reference());
    }

    private ServiceReference<DeviceDriver> reference() {
        try {
            Collection<ServiceReference<DeviceDriver>> refs =
                    ctx.getServiceReferences(DeviceDriver.class, "(" + DeviceDriver.TYPE + "=pjlink)");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Device device(SimulatedProjector p, Map<String, Object> settings) {
        return new Device("it-" + p.host(), null, "pjlink", p.host(), p.port(), 60, true, DeviceSource.LOCAL, settings);
    }

    @Test
    public void pollsAClassTwoProjectorWithPassword() throws Exception {
        SimulatedProjector p = simulator.add(new SimulatedProjector.Spec().address("127.0.6.1").projectorClass(2)
                .password("CHANGE-ME")).power(SimulatedProjector.Power.ON).lamps(2950);
        CheckResult r = driver().check(device(p, Map.of("password", "CHANGE-ME", "lamp_hours_warning", 2800)),
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertEquals(r.toString(), Status.WARNING, r.status());
        assertEquals("lamp 1: 2950 h ≥ 2800 h", r.error());
        assertEquals("on", r.metrics().get("power"));
        assertEquals(2, r.metrics().get("class"));
        assertEquals("SIM0001", r.metrics().get("serial_number"));
        assertEquals(driverBundle().getVersion().toString(), r.metrics().get("driver_version"));
    }

    @Test
    public void stoppingTheBundleMidPollLeavesNothingBehind() throws Exception {
        SimulatedProjector p = simulator.add(new SimulatedProjector.Spec().address("127.0.6.2")).faults(Fault.SILENT);
        CompletableFuture<CheckResult> f = driver().check(device(p, Map.of("timeout_ms", 30000)), Duration.ofSeconds(60));
        Await.until(Duration.ofMillis(5_000), () -> p.openConnections() == 1, "the driver connected");
        Bundle b = driverBundle();
        b.stop();
        try {
            CheckResult r = f.get(5, TimeUnit.SECONDS);
            assertEquals(Status.UNKNOWN, r.status());
            Await.until(Duration.ofMillis(5_000), () -> p.openConnections() == 0, "the projector saw the connection close");
            assertTrue("no pjlink-io thread left", Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("pjlink-io")));
        } finally {
            b.start();
        }
        assertNotNull(driver());
    }

    private Bundle driverBundle() {
        for (Bundle b : ctx.getBundles()) {
            if (PJLINK_BSN.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new IllegalStateException(PJLINK_BSN + " is not installed");
    }
}
