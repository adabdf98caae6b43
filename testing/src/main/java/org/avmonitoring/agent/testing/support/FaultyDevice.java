package org.avmonitoring.agent.testing.support;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a simulated device with its own fault vocabulary {@code F} shares with the others: where it listens, the
 * faults it shows now and how late it replies when slow. Settable from any thread (the lock is the device's own, as for its other state).
 *
 * @param <F> the device's faults
 * @param <T> the concrete device, so that the setters chain
 */
public abstract class FaultyDevice<F extends Enum<F>, T extends FaultyDevice<F, T>> {
    private final InetSocketAddress address;
    private final Set<F> faults;
    private long replyDelayMs = 2000;

    protected FaultyDevice(Class<F> faultType, InetSocketAddress address) {
        this.faults = EnumSet.noneOf(faultType);
        this.address = address;
    }

    public InetSocketAddress address() {
        return address;
    }

    public String host() {
        return address.getHostString();
    }

    public int port() {
        return address.getPort();
    }

    protected abstract T self();

    /** Shows exactly {@code f} from now on (none: behaves). */
    @SafeVarargs
    public final synchronized T faults(F... f) {
        faults.clear();
        faults.addAll(List.of(f));
        return self();
    }

    public final synchronized boolean has(F f) {
        return faults.contains(f);
    }

    /** How late replies go out when the device is slow. */
    public final synchronized T replyDelayMs(long ms) {
        this.replyDelayMs = ms;
        return self();
    }

    public final synchronized long replyDelayMs() {
        return replyDelayMs;
    }
}
