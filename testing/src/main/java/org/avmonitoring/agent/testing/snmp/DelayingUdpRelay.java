package org.avmonitoring.agent.testing.snmp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.avmonitoring.agent.testing.support.Impairment;
import org.avmonitoring.agent.testing.tcpsim.Loopback;
import org.avmonitoring.agent.testing.support.SelectorLoops;

/**
 * Makes one UDP server that answers at once (Debian {@code snmpd}) look like many devices that answer late or never,
 * for the "slow" variant of {@code scripts/bench-agent.sh}: it listens on every device's address, holds each datagram
 * for its device's delay, forwards it to the server from a socket of its own per (device, client), and sends the
 * server's answer back to the client from the device's address, so the client sees the device answer its request
 * after the delay. A silent device's datagrams are read and dropped, as a host that is gone would: no answer and no
 * ICMP error. Protocol-blind: it never looks inside a datagram.
 *
 * <p>One thread and one selector for all devices. Bounded: at most {@code maxQueued} datagrams wait out their delay
 * (further ones are dropped and counted, as a full router queue would), at most {@code maxUpstreams} sockets to the
 * server are open (the least recently used is closed first). Loopback addresses only. Run it as a process:
 * <pre>
 * java -cp testing/target/classes org.avmonitoring.agent.testing.snmp.DelayingUdpRelay --base 127.4.0.1 --count 333 \
 *     --port 16100 --server 127.5.0.1:16100 --impairment silent=10,delay=50-500,seed=19 [--max-queued 10000]
 * </pre>
 * Device {@code i} listens on {@code base + i} (as {@link Loopback#nth}); prints a summary line, then "ready".
 */
public final class DelayingUdpRelay implements AutoCloseable {

    /** One device the relay stands for: where it listens, how late it answers, or whether it never does. */
    public record Device(InetSocketAddress address, long delayMs, boolean silent) {
    }

    private static final int MAX_DATAGRAM = 65_535;

    private final InetSocketAddress server;
    private final int maxQueued;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final Map<UpstreamKey, DatagramChannel> upstreams;
    private final List<InetSocketAddress> listening = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong droppedSilent = new AtomicLong();
    private final AtomicLong droppedFull = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean open = true;
    private long sequence;

    /**
     * Binds every device's address and starts the relay's thread.
     *
     * @param maxQueued    datagrams that may wait out their delay at once
     * @param maxUpstreams sockets to the server that may be open at once (one per device and client in use)
     * @throws IllegalArgumentException when an address is not a loopback one
     */
    public DelayingUdpRelay(List<Device> devices, InetSocketAddress server, int maxQueued, int maxUpstreams) throws IOException {
        requireLoopback(server);
        if (maxQueued < 1 || maxUpstreams < 1) {
            throw new IllegalArgumentException("maxQueued and maxUpstreams must be at least 1");
        }
        this.server = server;
        this.maxQueued = maxQueued;
        this.upstreams = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UpstreamKey, DatagramChannel> eldest) {
                if (size() <= maxUpstreams) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };
        selector = Selector.open();
        try {
            for (Device d : devices) {
                requireLoopback(d.address());
                DatagramChannel ch = DatagramChannel.open();
                ch.configureBlocking(false);
                try {
                    ch.bind(d.address());
                } catch (IOException e) {
                    ch.close();
                    throw new IOException("cannot listen on " + d.address() + ": " + e.getMessage(), e);
                }
                listening.add((InetSocketAddress) ch.getLocalAddress());
                ch.register(selector, SelectionKey.OP_READ, new Endpoint(d, ch));
            }
        } catch (IOException | RuntimeException e) {
            closeAll();
            throw e;
        }
        thread = new Thread(this::run, "udp-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where each device listens, in the order given (with the port the system chose for a port 0). */
    public List<InetSocketAddress> listening() {
        return List.copyOf(listening);
    }

    /**
     * What the relay did so far.
     *
     * @param received      datagrams received on the devices' addresses
     * @param forwarded     datagrams passed on to the server after their delay
     * @param answered      the server's answers sent back to the clients
     * @param droppedSilent datagrams to silent devices, dropped
     * @param droppedFull   datagrams dropped because {@code maxQueued} were already waiting
     * @param failures      sends or receives that failed (e.g. the server not listening)
     */
    public record Counts(long received, long forwarded, long answered, long droppedSilent, long droppedFull, long failures) {
    }

    public Counts counts() {
        return new Counts(received.get(), forwarded.get(), answered.get(), droppedSilent.get(), droppedFull.get(),
                failures.get());
    }

    @Override
    public void close() {
        open = false;
        SelectorLoops.wakeAndJoin(selector, thread);
    }

    @Override
    public String toString() {
        return counts().toString();
    }

    // ----- relay thread -----

    private void run() {
        try {
            while (open) {
                long now = System.nanoTime();
                while (!pending.isEmpty() && pending.peek().dueNanos - now <= 0) {
                    forward(pending.poll());
                }
                long waitMs = pending.isEmpty() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(pending.peek().dueNanos - now));
                selector.select(this::ready, waitMs);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("udp-relay stopped: " + e);
        } finally {
            closeAll();
        }
    }

    private void ready(SelectionKey key) {
        try {
            if (key.attachment() instanceof Endpoint e) {
                e.receive();
            } else if (key.attachment() instanceof Upstream u) {
                u.receive();
            }
        } catch (IOException e) {
            failures.incrementAndGet();
        }
    }

    private void forward(Pending p) {
        UpstreamKey k = new UpstreamKey(p.from, p.client);
        try {
            DatagramChannel up = upstreams.get(k);
            if (up == null || !up.isOpen()) {
                up = DatagramChannel.open();
                up.configureBlocking(false);
                up.bind(new InetSocketAddress(server.getAddress(), 0));
                up.connect(server);
                up.register(selector, SelectionKey.OP_READ, new Upstream(p.from, p.client, up));
                upstreams.put(k, up);
            }
            up.write(ByteBuffer.wrap(p.data));
            forwarded.incrementAndGet();
        } catch (IOException e) {
            failures.incrementAndGet();
        }
    }

    private void closeAll() {
        for (SelectionKey k : selector.keys()) {
            closeQuietly(k.channel());
        }
        closeQuietly(selector);
    }

    private static void requireLoopback(InetSocketAddress a) {
        if (a.getAddress() == null || !a.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the relay works on loopback addresses only, not " + a);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing a test relay's socket: nothing to recover.
            System.err.println("udp-relay: close failed: " + e);
        }
    }

    /** A device's listening socket. */
    private final class Endpoint {
        private final Device device;
        private final DatagramChannel ch;

        Endpoint(Device device, DatagramChannel ch) {
            this.device = device;
            this.ch = ch;
        }

        void receive() throws IOException {
            SocketAddress from;
            while ((from = ch.receive(buffer.clear())) != null) {
                received.incrementAndGet();
                if (device.silent()) {
                    droppedSilent.incrementAndGet();
                } else if (pending.size() >= maxQueued) {
                    droppedFull.incrementAndGet();
                } else {
                    byte[] data = new byte[buffer.flip().remaining()];
                    buffer.get(data);
                    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(device.delayMs());
                    pending.add(new Pending(due, sequence++, this, from, data));
                }
            }
        }
    }

    /** The relay's socket to the server for one device and one client: what it receives goes back to that client. */
    private final class Upstream {
        private final Endpoint device;
        private final SocketAddress client;
        private final DatagramChannel ch;

        Upstream(Endpoint device, SocketAddress client, DatagramChannel ch) {
            this.device = device;
            this.client = client;
            this.ch = ch;
        }

        void receive() throws IOException {
            while (true) {
                int n;
                try {
                    n = ch.read(buffer.clear());
                } catch (PortUnreachableException e) {
                    failures.incrementAndGet(); // the server is not listening: the client times out, as it would
                    continue;
                }
                if (n <= 0) {
                    return;
                }
                device.ch.send(buffer.flip(), client);
                answered.incrementAndGet();
            }
        }
    }

    private record UpstreamKey(Endpoint device, SocketAddress client) {
    }

    private record Pending(long dueNanos, long seq, Endpoint from, SocketAddress client, byte[] data)
            implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(dueNanos, o.dueNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String base = null;
        int count = 0;
        int port = 0;
        String server = null;
        Impairment impairment = Impairment.NONE;
        int maxQueued = 10_000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null && !a.equals("--help")) {
                throw new IllegalArgumentException(a + " needs a value (try --help)");
            }
            switch (a) {
                case "--base": base = v; break;
                case "--count": count = Integer.parseInt(v); break;
                case "--port": port = Integer.parseInt(v); break;
                case "--server": server = v; break;
                case "--impairment": impairment = Impairment.parse(v); break;
                case "--max-queued": maxQueued = Integer.parseInt(v); break;
                case "--help":
                    System.out.println("usage: DelayingUdpRelay --base 127.x.y.z --count N --port P --server 127.a.b.c:P"
                            + " [--impairment silent=P,delay=MIN-MAX,seed=S] [--max-queued N]");
                    return;
                default:
                    throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
            i++;
        }
        if (base == null || server == null || count < 1 || port < 1 || server.lastIndexOf(':') < 0) {
            throw new IllegalArgumentException("--base, --count, --port and --server HOST:PORT are required (try --help)");
        }
        int colon = server.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(server.substring(0, colon)),
                Integer.parseInt(server.substring(colon + 1)));
        List<Device> devices = new ArrayList<>(count);
        int silent = 0;
        for (int k = 0; k < count; k++) {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(Loopback.nth(base, k)), port);
            devices.add(new Device(at, impairment.delayMs(k), impairment.silent(k)));
            silent += impairment.silent(k) ? 1 : 0;
        }
        DelayingUdpRelay relay = new DelayingUdpRelay(devices, target, maxQueued, 2 * count);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            System.out.println("relay: " + relay);
            stop.countDown();
        }, "udp-relay-shutdown"));
        System.out.println("relay: " + count + " devices from " + base + " port " + port + " (" + silent + " silent, "
                + impairment + ") -> " + target);
        System.out.println("ready");
        stop.await();
    }
}
