package org.avmonitoring.agent.testing.stream;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every simulated stream device has besides its protocol: where it listens, the fault it shows to new
 * connections (settable from any thread), the delay of {@link StreamFault#SLOW}, and a connection counter.
 *
 * @param <T> the concrete device, so that the setters chain
 */
public abstract class SimulatedStreamDevice<T extends SimulatedStreamDevice<T>> implements StreamDevice {
    private volatile StreamFault fault = StreamFault.NONE;
    private volatile long slowMs = 2000;
    private volatile InetSocketAddress address;
    private final AtomicInteger connections = new AtomicInteger();

    protected abstract T self();

    public T fault(StreamFault f) {
        this.fault = f;
        return self();
    }

    public T slowMs(long ms) {
        this.slowMs = ms;
        return self();
    }

    /** Where the device listens, once bound by {@link #bind}. */
    public InetSocketAddress address() {
        return address;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Binds this device on {@code server} at {@code at} (port 0: a free one). */
    public T bind(StreamDeviceServer server, InetSocketAddress at) throws java.io.IOException {
        this.address = server.add(at, this);
        return self();
    }

    @Override
    public StreamFault fault() {
        return fault;
    }

    @Override
    public long slowMs() {
        return slowMs;
    }

    @Override
    public void accepted() {
        connections.incrementAndGet();
    }
}
