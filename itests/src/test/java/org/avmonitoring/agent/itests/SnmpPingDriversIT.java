package org.avmonitoring.agent.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.testing.snmp.SnmpdProcess;
import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.testing.support.Peers;
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
 * The SNMP driver (SNMP4J embedded) and the ping driver in the real container: a v3 authPriv poll of Debian's snmpd
 * on loopback, ICMP echo to 127.0.0.1 through fping, and a restart of the SNMP bundle that leaves no SNMP4J thread.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SnmpPingDriversIT {
    private static final String SNMP_BSN = "org.avmonitoring.agent.driver-snmp";
    private static final String AUTH = "itest-auth-CHANGE-ME";
    private static final String PRIV = "itest-priv-CHANGE-ME";

    @Inject
    private BundleContext ctx;

    @Configuration
    public Option[] config() {
        ContainerOptions.Agent agent = ContainerOptions.newAgent(
                "{\"site_name\":\"itest\",\"site_token\":\"CHANGE-ME\",\"backend_url\":\"\",\"devices\":[]}");
        return new Option[] {
            ContainerOptions.container(agent, "avmonitoring-testing"),
            // The fixture bundle as installed in the local repository by `mvn install` of module testing.
        };
    }

    private DeviceDriver driver(String type) throws InterruptedException {
        Await.until(Duration.ofMillis(20_000), () -> reference(type) != null, "the " + type + " DeviceDriver service");
        return ctx.getService(reference(type));
    }

    private ServiceReference<DeviceDriver> reference(String type) {
        try {
            Collection<ServiceReference<DeviceDriver>> refs =
                    ctx.getServiceReferences(DeviceDriver.class, "(" + DeviceDriver.TYPE + "=" + type + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Device snmpDevice(int port) {
        return new Device("it-snmp", null, "snmp", "127.0.0.1", port, 60, true, DeviceSource.LOCAL, Map.of("snmp",
                Map.of("version", "3", "user", "monitor", "auth_protocol", "SHA256", "auth_password", AUTH,
                        "priv_protocol", "AES", "priv_password", PRIV, "timeout_ms", 1000, "retries", 1)));
    }

    @Test
    public void snmpV3PollFromInsideTheContainer() throws Exception {
        assumeTrue("Debian package snmpd is not installed",
                Peers.available(SnmpdProcess.installed(), "Debian package snmpd (apt-get install snmpd)"));
        try (SnmpdProcess snmpd = SnmpdProcess.builder().sysName("it-agent").user("monitor", "SHA-256", AUTH, "AES", PRIV).start()) {
            CheckResult r = driver("snmp").check(snmpDevice(snmpd.port()), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertEquals(r.toString(), Status.OK, r.status());
            assertEquals("it-agent", r.metrics().get("sys_name"));
            assertTrue(r.toString(), ((Number) r.metrics().get("if_count")).intValue() >= 1);
        }
    }

    @Test
    public void pingLoopbackFromInsideTheContainer() throws Exception {
        assumeTrue("Debian package fping is not installed",
                Peers.available(Files.isExecutable(Path.of("/usr/bin/fping")), "Debian package fping (apt-get install fping)"));
        Device d = new Device("it-ping", null, "ping", "127.0.0.1", null, 60, true, DeviceSource.LOCAL, Map.of("ping", Map.of("count", 2)));
        CheckResult r = driver("ping").check(d, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        assertEquals(r.toString(), Status.OK, r.status());
        assertEquals(2, r.metrics().get("received"));
    }

    @Test
    public void restartingTheSnmpBundleReleasesItsSocketThread() throws Exception {
        driver("snmp");
        Bundle b = bundle(SNMP_BSN);
        b.stop();
        try {
            Await.until(Duration.ofMillis(5_000), () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("DefaultUDPTransportMapping")), "SNMP4J's receive thread ended");
        } finally {
            b.start();
        }
        driver("snmp");
        assertTrue("the receive thread is back", Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("DefaultUDPTransportMapping")));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new IllegalStateException(bsn + " is not installed");
    }
}
