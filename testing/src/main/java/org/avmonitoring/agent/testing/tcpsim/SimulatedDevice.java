package org.avmonitoring.agent.testing.tcpsim;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every simulated TCP device has: its address once bound, its active faults, its reply delay and connection
 * counters. Protocol classes extend it with their state.
 */
public abstract class SimulatedDevice {
    private final Set<Fault> faults = EnumSet.noneOf(Fault.class);
    private volatile long replyDelayMs = 3000;
    private volatile InetSocketAddress address;
    final AtomicInteger openConnections = new AtomicInteger();
    final AtomicInteger acceptedConnections = new AtomicInteger();
    final AtomicInteger peakOpenConnections = new AtomicInteger();

    /**
     * The protocol that answers on a new connection, asked once per accepted connection: a protocol that keeps
     * per-connection state returns a new object each time.
     */
    protected abstract DeviceProtocol protocol();

    /** The most unconsumed input a connection may hold; more is a broken controller and the device hangs up. */
    protected int maxUnread() {
        return 4096;
    }

    void bound(InetSocketAddress a) {
        this.address = a;
    }

    public InetSocketAddress address() {
        return address;
    }

    public String host() {
        return address.getAddress().getHostAddress();
    }

    public int port() {
        return address.getPort();
    }

    public synchronized SimulatedDevice fault(Fault f, boolean on) {
        if (on) {
            faults.add(f);
        } else {
            faults.remove(f);
        }
        return this;
    }

    public synchronized SimulatedDevice clearFaults() {
        faults.clear();
        return this;
    }

    public synchronized boolean has(Fault f) {
        return faults.contains(f);
    }

    /** How late replies go out under {@link Fault#SLOW}. */
    public SimulatedDevice replyDelayMs(long ms) {
        this.replyDelayMs = ms;
        return this;
    }

    public long replyDelayMs() {
        return replyDelayMs;
    }

    public int openConnections() {
        return openConnections.get();
    }

    public int acceptedConnections() {
        return acceptedConnections.get();
    }

    /** The most connections open at once since the device started: more than 1 means a controller overlapped. */
    public int peakOpenConnections() {
        return peakOpenConnections.get();
    }
}
