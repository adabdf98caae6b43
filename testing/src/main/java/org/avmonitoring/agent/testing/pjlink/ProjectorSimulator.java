package org.avmonitoring.agent.testing.pjlink;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.avmonitoring.agent.testing.support.SelectorLoops;

/**
 * Serves any number of {@link SimulatedProjector}s from one thread (one selector), so a thousand projectors cost
 * one thread. Implements the projector side of PJLink from the specification: greeting, MD5 authentication and
 * {@code PJLINK ERRA}, one reply per well-formed command, silence for a malformed one, the idle close, and the
 * class 2 UDP search answer. Close it to release every socket.
 */
public final class ProjectorSimulator implements AutoCloseable {

    private static final Pattern COMMAND = Pattern.compile("%([0-9])([A-Za-z0-9]{4}) (.{0,128})", Pattern.DOTALL);
    private static final int MAX_COMMAND_LINE = 32 + 7 + 128 + 8;
    private static final long ENDLESS_CAP = 16L << 20;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>();
    private final List<SimulatedProjector> projectors = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean open = true;
    private long timerSeq;

    public ProjectorSimulator() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, "pjlink-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a projector: binds its TCP port (and UDP port for a class 2 projector with UDP on). */
    public SimulatedProjector add(SimulatedProjector.Spec spec) throws IOException {
        SimulatedProjector p = new SimulatedProjector(spec);
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                bind(p);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("simulator did not bind " + spec.address, e);
        }
        projectors.add(p);
        return p;
    }

    public List<SimulatedProjector> projectors() {
        return List.copyOf(projectors);
    }

    /** Connections open on the simulated projectors' side, all projectors together. */
    public int openConnections() {
        return projectors.stream().mapToInt(SimulatedProjector::openConnections).sum();
    }

    /**
     * Sends a class 2 status notification ({@code %2<body>=<param>}, e.g. POWR/1, LKUP/&lt;mac&gt;) from the
     * projector's address to {@code controller}, as the projector would (§3.3).
     */
    public static void notify(SimulatedProjector p, InetSocketAddress controller, String body, String param) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(p.address().getAddress(), 0));
            ch.send(ByteBuffer.wrap(("%2" + body + "=" + param + "\r").getBytes(StandardCharsets.ISO_8859_1)), controller);
        }
    }

    @Override
    public void close() {
        open = false;
        SelectorLoops.wakeAndJoin(selector, thread);
    }

    // ----- simulator thread -----

    private void execute(Runnable r) {
        tasks.add(r);
        selector.wakeup();
    }

    private void bind(SimulatedProjector p) throws IOException {
        SimulatedProjector.Spec spec = p.spec();
        ServerSocketChannel server = ServerSocketChannel.open();
        DatagramChannel udp = null;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(spec.address, spec.port), 64);
            server.configureBlocking(false);
            InetSocketAddress tcp = (InetSocketAddress) server.getLocalAddress();
            InetSocketAddress udpAddress = null;
            if (spec.udp && spec.projectorClass >= 2) {
                udp = DatagramChannel.open();
                udp.bind(new InetSocketAddress(spec.address, spec.udpPort < 0 ? tcp.getPort() : spec.udpPort));
                udp.configureBlocking(false);
                udpAddress = (InetSocketAddress) udp.getLocalAddress();
                udp.register(selector, SelectionKey.OP_READ, new UdpEndpoint(p, udp));
            }
            server.register(selector, SelectionKey.OP_ACCEPT, p);
            p.bound(tcp, udpAddress);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (udp != null) {
                udp.close();
            }
            throw e;
        }
    }

    private void run() {
        try {
            while (open) {
                Runnable r;
                while ((r = tasks.poll()) != null) {
                    r.run();
                }
                long now = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().due - now <= 0) {
                    timers.poll().action.run();
                }
                long wait = timers.isEmpty() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(timers.peek().due - now));
                selector.select(this::dispatch, wait);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("pjlink-simulator stopped: " + e);
        } finally {
            for (SelectionKey k : selector.keys()) {
                if (k.attachment() instanceof Connection) {
                    ((Connection) k.attachment()).close();
                } else {
                    closeQuietly(k.channel());
                }
            }
            closeQuietly(selector);
        }
    }

    private void dispatch(SelectionKey key) {
        Object a = key.attachment();
        try {
            if (a instanceof SimulatedProjector && key.isAcceptable()) {
                accept((SimulatedProjector) a, (ServerSocketChannel) key.channel());
            } else if (a instanceof Connection) {
                ((Connection) a).ready(key);
            } else if (a instanceof UdpEndpoint && key.isReadable()) {
                ((UdpEndpoint) a).receive();
            }
        } catch (IOException e) {
            if (a instanceof Connection) {
                ((Connection) a).close();
            }
        }
    }

    private void schedule(long delayMs, Runnable action) {
        timers.add(new Timed(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs), timerSeq++, action));
    }

    private void accept(SimulatedProjector p, ServerSocketChannel server) throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(p, ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            p.acceptedConnections.incrementAndGet();
            p.peakOpenConnections.accumulateAndGet(p.openConnections.incrementAndGet(), Math::max);
            c.greet();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Shutting down: nothing useful to do with a close failure of a test simulator.
            System.err.println("pjlink-simulator: close failed: " + e);
        }
    }

    private static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Timed(long due, long seq, Runnable action) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** One TCP connection to a projector. */
    private final class Connection {
        private final SimulatedProjector p;
        private final SocketChannel ch;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private final byte[] line = new byte[MAX_COMMAND_LINE];
        private final ByteBuffer in = ByteBuffer.allocate(1024);
        private SelectionKey key;
        private int lineLength;
        private String challenge;
        private boolean authenticated;
        private boolean rejected;
        private boolean closed;
        private boolean closeWhenFlushed;
        private long endlessSent = -1;
        private long lastActivity = System.nanoTime();
        /** When the last reply was scheduled to go out: keeps replies in order even with delays. */
        private long replyClockNanos;

        Connection(SimulatedProjector p, SocketChannel ch) {
            this.p = p;
            this.ch = ch;
        }

        void greet() {
            armIdle();
            if (p.has(Fault.SILENT)) {
                return;
            }
            if (p.has(Fault.GARBAGE)) {
                send(garbage(), false);
                return;
            }
            closeWhenFlushed = p.has(Fault.CLOSE_AFTER_GREETING);
            String pw = p.spec().password;
            if (pw != null && !pw.isEmpty() || p.has(Fault.ALWAYS_ERRA)) {
                byte[] r = new byte[4];
                random.nextBytes(r);
                challenge = HexFormat.of().formatHex(r);
                send("PJLINK 1 " + challenge, false);
            } else {
                authenticated = true;
                send("PJLINK 0", false);
            }
        }

        private String garbage() {
            byte[] g = new byte[100];
            random.nextBytes(g);
            for (int i = 0; i < g.length; i++) {
                if (g[i] == '\r') {
                    g[i] = 0;
                }
            }
            return new String(g, StandardCharsets.ISO_8859_1);
        }

        /** The projector closes a connection that has been idle for its idle timeout (§5.4). */
        private void armIdle() {
            long timeout = p.spec().idleTimeoutMs;
            schedule(timeout, () -> {
                if (!closed && System.nanoTime() - lastActivity >= TimeUnit.MILLISECONDS.toNanos(timeout) - 1_000_000) {
                    close();
                } else if (!closed) {
                    armIdle();
                }
            });
        }

        void ready(SelectionKey k) throws IOException {
            if (k.isValid() && k.isWritable()) {
                flush();
            }
            if (k.isValid() && k.isReadable()) {
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    close();
                    return;
                }
                in.flip();
                while (in.hasRemaining() && !closed) {
                    byte b = in.get();
                    if (b == '\r') {
                        String l = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
                        lineLength = 0;
                        onLine(l);
                    } else if (lineLength == line.length) {
                        close(); // Longer than any valid command: a broken controller.
                    } else {
                        line[lineLength++] = b;
                    }
                }
            }
        }

        private void onLine(String l) {
            lastActivity = System.nanoTime();
            if (rejected) {
                return; // After ERRA the projector ignores everything (§5.1).
            }
            String command = l;
            if (challenge != null && !authenticated) {
                String expected = md5Hex(challenge + p.spec().password);
                if (l.length() < 32 || p.has(Fault.ALWAYS_ERRA) || !l.substring(0, 32).equals(expected)) {
                    rejected = true;
                    send("PJLINK ERRA", false);
                    return;
                }
                authenticated = true;
                command = l.substring(32);
            } else if (challenge != null && l.length() > 32 && l.charAt(0) != '%') {
                command = l.substring(32); // A later command may repeat the digest (§5.3).
            }
            Matcher m = COMMAND.matcher(command);
            if (!m.matches()) {
                return; // Malformed: no response at all (§6).
            }
            char cls = m.group(1).charAt(0);
            String body = m.group(2).toUpperCase(Locale.ROOT);
            String param = m.group(3);
            p.record("%" + cls + body + " " + param);
            if (p.has(Fault.ENDLESS_LINE)) {
                endlessSent = 0;
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            if (p.has(Fault.GARBAGE_REPLIES)) {
                send(garbage(), true);
                return;
            }
            String reply = "%" + cls + body + "=" + p.answer(cls, body, param);
            send(p.has(Fault.LOWER_CASE) ? reply.toLowerCase(Locale.ROOT) : reply, true);
        }

        /** Queues {@code text} + CR, with the projector's delay and split-writes faults applied. */
        private void send(String text, boolean isReply) {
            String terminator = p.has(Fault.CRLF) ? "\r\n" : "\r";
            byte[] bytes = (text + terminator).getBytes(StandardCharsets.ISO_8859_1);
            long delayMs = p.has(Fault.SLOW_REPLY) ? p.replyDelayMs() : 0;
            boolean split = p.has(Fault.SPLIT_WRITES);
            boolean closeAfter = isReply && p.has(Fault.CLOSE_AFTER_EACH_REPLY);
            long start = Math.max(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs), replyClockNanos);
            long startMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(start - System.nanoTime()));
            if (split) {
                for (int i = 0; i < bytes.length; i++) {
                    byte[] one = {bytes[i]};
                    boolean last = i == bytes.length - 1;
                    schedule(startMs + i, () -> write(one, last && closeAfter));
                }
                replyClockNanos = start + TimeUnit.MILLISECONDS.toNanos(bytes.length);
            } else if (startMs > 0) {
                schedule(startMs, () -> write(bytes, closeAfter));
                replyClockNanos = start;
            } else {
                write(bytes, closeAfter);
            }
        }

        private void write(byte[] bytes, boolean closeAfter) {
            if (closed) {
                return;
            }
            out.add(ByteBuffer.wrap(bytes));
            if (closeAfter) {
                closeWhenFlushed = true;
            }
            try {
                flush();
            } catch (IOException e) {
                close();
            }
        }

        private void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                ch.write(b);
                if (b.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (endlessSent >= 0 && endlessSent < ENDLESS_CAP) {
                ByteBuffer chunk = ByteBuffer.wrap("A".repeat(4096).getBytes(StandardCharsets.US_ASCII));
                endlessSent += 4096;
                out.add(chunk);
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            if (closeWhenFlushed) {
                close();
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            key.cancel();
            closeQuietly(ch);
            p.openConnections.decrementAndGet();
        }
    }

    /** The class 2 UDP side: answers {@code %2SRCH} with {@code %2ACKN=<mac>} (§3.2). */
    private final class UdpEndpoint {
        private final SimulatedProjector p;
        private final DatagramChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(512);

        UdpEndpoint(SimulatedProjector p, DatagramChannel ch) {
            this.p = p;
            this.ch = ch;
        }

        void receive() throws IOException {
            buf.clear();
            SocketAddress from = ch.receive(buf);
            if (from == null) {
                return;
            }
            buf.flip();
            String msg = StandardCharsets.ISO_8859_1.decode(buf).toString();
            if (msg.equals("%2SRCH\r")) {
                ch.send(ByteBuffer.wrap(("%2ACKN=" + p.mac() + "\r").getBytes(StandardCharsets.ISO_8859_1)), from);
            }
        }
    }

    /** For diagnostics: how many projectors and connections the simulator holds. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(projectors.size() + " projectors");
        parts.add(openConnections() + " open connections");
        return "ProjectorSimulator[" + String.join(", ", parts) + "]";
    }
}
