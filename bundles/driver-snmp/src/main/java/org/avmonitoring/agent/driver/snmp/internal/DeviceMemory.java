package org.avmonitoring.agent.driver.snmp.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.snmp4j.Target;
import org.snmp4j.smi.UdpAddress;

/**
 * What one device's previous poll left behind: sysUpTime (reboot detection), identity values (polled less often)
 * and interface error counters (deltas); and what its definition gives once rather than at every check: settings
 * parsed, IP address, SNMP4J target. Poll values are touched by one poll at a time per device.
 */
final class DeviceMemory {
    static final long TICKS_WRAP = 1L << 32;

    /** The {@code snmp} section of a device definition, validated and parsed ({@code settings} null when invalid). */
    record Definition(Map<String, Object> section, List<ValidationProblem> problems, SnmpSettings settings) {
    }

    /** A host given as an IP address, and that address. */
    private record Literal(String host, InetAddress address) {
    }

    Long upTimeTicks;
    Instant upTimeAt;
    Instant identityAt;
    Map<String, Object> identity = Map.of();
    Map<Integer, Long> errorCounters = Map.of();
    private volatile Definition definition;
    private volatile Literal literal;
    private Target<UdpAddress> target;
    private InetAddress targetAddress;
    private int targetPort;
    private SnmpSettings targetSettings;

    /**
     * The device's settings, validated and parsed again only when its {@code snmp} section changes: the collector
     * hands the same definition at every check until the configuration changes, and an equal section (a configuration
     * applied again) keeps the parsed settings, and so the target built from them.
     */
    Definition definition(Device device) {
        Map<String, Object> section = device.section("snmp");
        Definition d = definition;
        if (d != null && d.section() == section) {
            return d;
        }
        if (d != null && d.section().equals(section)) {
            d = new Definition(section, d.problems(), d.settings());
        } else {
            List<ValidationProblem> problems = SnmpSettings.validate(device);
            d = new Definition(section, problems, problems.isEmpty() ? SnmpSettings.of(device) : null);
        }
        definition = d;
        return d;
    }

    /** The address of {@code host} when it is an IP literal seen before (it never needs a lookup again), else null. */
    InetAddress address(String host) {
        Literal l = literal;
        return l != null && l.host().equals(host) ? l.address() : null;
    }

    /** Keeps {@code address} when {@code host} is its literal; names are looked up at every check (DNS may change). */
    InetAddress resolved(String host, InetAddress address) {
        if (address.getHostAddress().equals(host)) {
            literal = new Literal(host, address);
        }
        return address;
    }

    /**
     * The device's target, built again only when its address or settings change: a v3 target holds the keys
     * localized to the agent's engine (RFC 3414 password-to-key hashes a megabyte per key, about 5 ms per poll).
     */
    Target<UdpAddress> target(InetAddress address, int port, SnmpSettings settings, Supplier<Target<UdpAddress>> build) {
        if (target == null || targetSettings != settings || targetPort != port || !targetAddress.equals(address)) {
            target = build.get();
            targetAddress = address;
            targetPort = port;
            targetSettings = settings;
        }
        return target;
    }

    /** After a failed poll: the agent may have a new engine ID or new credentials, so start from scratch. */
    void forgetTarget() {
        target = null;
        targetSettings = null;
    }

    /**
     * Whether sysUpTime going from the last value to {@code ticks} means the agent restarted. A TimeTicks counter
     * wraps after 2^32 hundredths (about 497 days): a fall that matches the wall time elapsed across the wrap is no
     * reboot.
     */
    boolean rebootedAt(long ticks, Instant now) {
        if (upTimeTicks == null || ticks >= upTimeTicks) {
            return false;
        }
        long elapsedTicks = Math.max(0, (now.toEpochMilli() - upTimeAt.toEpochMilli()) / 10);
        long expected = upTimeTicks + elapsedTicks;
        if (expected < TICKS_WRAP - 6000) {
            return true;
        }
        long wrapped = expected - TICKS_WRAP;
        // Agents update sysUpTime in coarse steps and polls jitter: allow a minute plus 5 % of the interval.
        long tolerance = 6000 + elapsedTicks / 20;
        return Math.abs(ticks - wrapped) > tolerance;
    }

    void upTime(long ticks, Instant at) {
        upTimeTicks = ticks;
        upTimeAt = at;
    }
}
