package org.avmonitoring.agent.testing.driver;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

/**
 * What every {@link DeviceDriver} promises, as assertions a driver's own tests call (they throw
 * {@link AssertionError}): each check completes by its deadline and never exceptionally, a cancelled check lets go
 * of its connection, {@code validate} does no I/O, secrets never reach an error or a result, and the description is
 * well-formed and covers what the driver reports. See docs/writing-a-driver.md.
 *
 * <p>Typical use, with an active driver and a function giving a valid device of its type at an address:
 * <pre>
 *   DriverContract.assertAll(driver, (host, port) -&gt; device(host, port), reachableDevice, Duration.ofSeconds(2),
 *           DriverContract.Transport.TCP);
 * </pre>
 */
public final class DriverContract {
    private DriverContract() {
    }

    /** How a driver reaches its devices, for the cancel check. */
    public enum Transport {
        /** One TCP connection per check: a cancelled check must close it (the peer sees the close). */
        TCP,
        /** Datagrams, ICMP or a shared socket: a cancelled check must leave no file descriptor behind. */
        OTHER
    }

    /** A valid device of the driver's type at {@code host}:{@code port}, with the settings the test wants. */
    @FunctionalInterface
    public interface Devices {
        Device at(String host, int port);
    }

    /** How late after its deadline a check may complete: scheduling on a loaded test machine. */
    public static final Duration SLACK = Duration.ofMillis(1000);
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*(\\{n}[a-z0-9_]*)?");
    private static final Set<String> AGENT_KEYS = Set.of("id", "name", "type", "host", "port", "interval_s",
            "enabled", "source");

    /** Runs every assertion below against the kit's own silent peer, a refused port and {@code reachable}. */
    public static void assertAll(DeviceDriver driver, Devices devices, Device reachable, Duration deadline,
                                 Transport transport) throws IOException, InterruptedException {
        CheckResult ok = completesWithinDeadline(driver, reachable, deadline);
        describesItself(driver, reachable, ok, key -> false);
        keepsSecretsOut(driver, reachable, ok);
        try (SilentPeer silent = new SilentPeer()) {
            keepsSecretsOut(driver, reachable, completesWithinDeadline(driver,
                    devices.at(silent.host(), silent.port()), deadline));
            keepsSecretsOut(driver, reachable, completesWithinDeadline(driver,
                    devices.at("127.0.0.1", SilentPeer.refusedPort()), deadline));
        }
        releasesOnCancel(driver, devices, transport);
        validateDoesNoIo(driver, devices);
    }

    /**
     * Checks {@code device} once: the future must complete, with a result (not exceptionally, not null), within
     * {@code deadline} plus {@link #SLACK}. Returns the result.
     */
    public static CheckResult completesWithinDeadline(DeviceDriver driver, Device device, Duration deadline)
            throws InterruptedException {
        CompletableFuture<CheckResult> f;
        try {
            f = driver.check(device, deadline);
        } catch (RuntimeException e) {
            throw new AssertionError("check(" + device.id() + ") threw instead of returning a future", e);
        }
        if (f == null) {
            throw new AssertionError("check(" + device.id() + ") returned null");
        }
        try {
            CheckResult r = f.get(deadline.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("check(" + device.id() + ") completed with null");
            }
            return r;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("check(" + device.id() + ") not complete " + SLACK.toMillis()
                    + " ms after its deadline of " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError("check(" + device.id() + ") completed exceptionally: a device fault is a ko"
                    + " result, not an exception", e.getCause());
        }
    }

    /**
     * Starts a check against a silent peer with a long deadline, cancels it once the driver is waiting, and expects
     * the connection closed (TCP: the peer sees the close) or no file descriptor left (other transports).
     */
    public static void releasesOnCancel(DeviceDriver driver, Devices devices, Transport transport)
            throws IOException, InterruptedException {
        try (SilentPeer silent = new SilentPeer()) {
            long fdsBefore = openFiles();
            CompletableFuture<CheckResult> f = driver.check(devices.at(silent.host(), silent.port()),
                    Duration.ofSeconds(30));
            if (transport == Transport.TCP) {
                if (!SilentPeer.await(() -> silent.accepted() > 0, Duration.ofSeconds(5))) {
                    throw new AssertionError("the driver never connected to the silent peer on " + silent.port());
                }
                f.cancel(true);
                if (!SilentPeer.await(() -> silent.closedByClient() >= silent.accepted(), Duration.ofSeconds(3))) {
                    throw new AssertionError("a cancelled check kept its connection open");
                }
            } else {
                SilentPeer.await(() -> silent.datagrams() > 0, Duration.ofSeconds(2));
                f.cancel(true);
                if (fdsBefore >= 0 && !SilentPeer.await(() -> openFiles() <= fdsBefore, Duration.ofSeconds(3))) {
                    throw new AssertionError("a cancelled check left " + (openFiles() - fdsBefore)
                            + " file descriptor(s) open");
                }
            }
        }
    }

    /**
     * {@code validate} of a device at a silent peer sends nothing to it: no connection, no datagram. (A driver that
     * looked the host up or probed the port would show here; validation runs on the agent's config thread.)
     */
    public static void validateDoesNoIo(DeviceDriver driver, Devices devices) throws IOException, InterruptedException {
        try (SilentPeer silent = new SilentPeer()) {
            try {
                driver.validate(devices.at(silent.host(), silent.port()));
            } catch (RuntimeException e) {
                throw new AssertionError("validate threw", e);
            }
            SilentPeer.await(() -> silent.accepted() + silent.datagrams() > 0, Duration.ofMillis(300));
            if (silent.accepted() + silent.datagrams() > 0) {
                throw new AssertionError("validate did I/O: the device's address got " + silent.accepted()
                        + " connection(s) and " + silent.datagrams() + " datagram(s)");
            }
        }
    }

    /**
     * No value of a secret setting of {@code device} (as its driver's description marks them) appears in
     * {@code result}'s error or metrics, nor in the problems {@code validate} reports for it.
     */
    public static void keepsSecretsOut(DeviceDriver driver, Device device, CheckResult result) {
        DriverDescription d = driver.description();
        if (d == null) {
            return;
        }
        List<String> secrets = new ArrayList<>();
        collectSecrets(d.settings(), device.settings(), secrets);
        String seen = result.error() + " " + result.metrics() + " " + driver.validate(device);
        for (String s : secrets) {
            if (s.length() >= 4 && seen.contains(s)) {
                throw new AssertionError("a secret of device " + device.id() + " appears in a result or a problem");
            }
        }
    }

    private static void collectSecrets(List<SettingDescription> described, Map<String, ?> values, List<String> out) {
        for (SettingDescription s : described) {
            Object v = values.get(s.key());
            if (s.secret() && v != null) {
                out.add(String.valueOf(v));
            } else if (s.type() == SettingDescription.Type.SECTION && v instanceof Map<?, ?> m) {
                collectSecrets(s.fields(), cast(m), out);
            } else if (s.type() == SettingDescription.Type.LIST && v instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> m) {
                        collectSecrets(s.fields(), cast(m), out);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    /**
     * The description is well-formed (snake_case keys, unique, none of the agent's own device keys, fields only in
     * sections and lists), {@code device}'s settings use only described keys (so the agent accepts it as the test
     * wrote it), {@code validate} accepts it, and every metric of {@code result} is described, except those
     * {@code undescribed} names (metrics named by a setting, such as SNMP's extra OIDs).
     */
    public static void describesItself(DeviceDriver driver, Device device, CheckResult result,
                                       Predicate<String> undescribed) {
        DriverDescription d = driver.description();
        if (d == null) {
            throw new AssertionError("the driver does not describe itself: description() is null");
        }
        checkSettings(d.settings(), "");
        Set<String> metricKeys = new HashSet<>();
        for (MetricDescription m : d.metrics()) {
            if (!KEY.matcher(m.key()).matches() || !metricKeys.add(m.key())) {
                throw new AssertionError("metric key " + m.key() + " is not snake_case or described twice");
            }
        }
        checkValues(d.settings(), device.settings(), "");
        List<ValidationProblem> problems = driver.validate(device);
        if (!problems.isEmpty()) {
            throw new AssertionError("the test's device is not valid for its driver: " + problems);
        }
        for (String key : result.metrics().keySet()) {
            if (d.metric(key).isEmpty() && !key.equals("driver_version") && !undescribed.test(key)) {
                throw new AssertionError("metric " + key + " of a result is not described");
            }
        }
    }

    private static void checkSettings(List<SettingDescription> settings, String path) {
        Set<String> keys = new HashSet<>();
        for (SettingDescription s : settings) {
            if (!KEY.matcher(s.key()).matches() || s.key().contains("{n}") || !keys.add(s.key())) {
                throw new AssertionError("setting " + path + s.key() + " is not snake_case or described twice");
            }
            if (path.isEmpty() && AGENT_KEYS.contains(s.key())) {
                throw new AssertionError("setting " + s.key() + " is the agent's own device key: do not describe it");
            }
            checkSettings(s.fields(), path + s.key() + ".");
        }
    }

    private static void checkValues(List<SettingDescription> described, Map<String, ?> values, String path) {
        for (Map.Entry<String, ?> e : values.entrySet()) {
            SettingDescription s = described.stream().filter(x -> x.key().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("setting " + path + e.getKey()
                            + " of the test's device is not described: the agent would warn of it"));
            if (s.type() == SettingDescription.Type.SECTION && e.getValue() instanceof Map<?, ?> m) {
                checkValues(s.fields(), cast(m), path + s.key() + ".");
            }
        }
    }

    /** Open file descriptors of this JVM (Linux), -1 where it cannot tell. */
    static long openFiles() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
