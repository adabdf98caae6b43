package org.avmonitoring.agent.testing.stream;

import org.avmonitoring.agent.testing.tcpsim.SimulatedDevice;

/**
 * A simulated device that shows one {@link StreamFault} at a time (settable from any thread), with setters that
 * chain on the concrete device. Served by a {@link org.avmonitoring.agent.testing.tcpsim.TcpSimulator}.
 *
 * @param <T> the concrete device, so that the setters chain
 */
public abstract class SimulatedStreamDevice<T extends SimulatedStreamDevice<T>> extends SimulatedDevice {
    /** Requests of these protocols are small, but a long-lived session may buffer some: hang up past this. */
    private static final int MAX_UNREAD = 256 * 1024;

    protected SimulatedStreamDevice() {
        replyDelayMs(2000);
    }

    protected abstract T self();

    /** Shows {@code f} (alone) to every connection from now on. */
    public T fault(StreamFault f) {
        clearFaults();
        if (f.fault != null) {
            fault(f.fault, true);
        }
        return self();
    }

    /** The delay of each write under {@link StreamFault#SLOW}. */
    public T slowMs(long ms) {
        replyDelayMs(ms);
        return self();
    }

    /** Connections accepted so far. */
    public int connections() {
        return acceptedConnections();
    }

    @Override
    protected int maxUnread() {
        return MAX_UNREAD;
    }
}
