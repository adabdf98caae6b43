package org.avmonitoring.agent.testing.tcpsim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.avmonitoring.agent.testing.support.SelectorLoops;

/**
 * Serves any number of {@link SimulatedDevice}s from one selector thread, so a thousand devices cost one thread.
 * Applies the faults every protocol shares ({@link Fault#SILENT}, {@link Fault#GARBAGE},
 * {@link Fault#CLOSE_AFTER_ACCEPT}, {@link Fault#SLOW}, {@link Fault#SPLIT_WRITES}) and hands the rest to the
 * device's {@link DeviceProtocol}. Close it to release every socket.
 */
public class TcpSimulator implements AutoCloseable {

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>();
    private final Random random = new Random(42);
    private final AtomicInteger openConnections = new AtomicInteger();
    private volatile boolean open = true;
    private long timerSeq;

    public TcpSimulator(String threadName) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Binds {@code device} on {@code address:port} (port 0 picks a free one) and returns it once listening. */
    public <D extends SimulatedDevice> D add(D device, String address, int port) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                ServerSocketChannel server = ServerSocketChannel.open();
                try {
                    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    server.bind(new InetSocketAddress(address, port), 128);
                    server.configureBlocking(false);
                    server.register(selector, SelectionKey.OP_ACCEPT, device);
                    device.bound((InetSocketAddress) server.getLocalAddress());
                } catch (IOException | RuntimeException e) {
                    server.close();
                    throw e;
                }
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("simulator did not bind " + address + ":" + port, e);
        }
        return device;
    }

    /** Connections open on the devices' side, all devices together. */
    public int openConnections() {
        return openConnections.get();
    }

    @Override
    public void close() {
        open = false;
        SelectorLoops.wakeAndJoin(selector, thread);
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
            System.err.println(thread.getName() + " stopped: " + e);
        } finally {
            for (SelectionKey k : selector.keys()) {
                if (k.attachment() instanceof Connection c) {
                    c.close();
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
            if (a instanceof SimulatedDevice d && key.isAcceptable()) {
                accept(d, (ServerSocketChannel) key.channel());
            } else if (a instanceof Connection c) {
                c.ready(key);
            }
        } catch (IOException | RuntimeException e) {
            if (a instanceof Connection c) {
                c.close();
            }
        }
    }

    private void accept(SimulatedDevice d, ServerSocketChannel server) throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(d, ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            d.acceptedConnections.incrementAndGet();
            d.peakOpenConnections.accumulateAndGet(d.openConnections.incrementAndGet(), Math::max);
            openConnections.incrementAndGet();
            if (d.has(Fault.CLOSE_AFTER_ACCEPT)) {
                c.close(); // through the selector, as any close: the controller reads an orderly end of stream
            } else if (!d.has(Fault.SILENT)) {
                c.protocol.connected(c);
            }
        }
    }

    private void schedule(long delayMs, Runnable action) {
        timers.add(new Timed(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs), timerSeq++, action));
    }

    private byte[] garbage() {
        byte[] g = new byte[32 + random.nextInt(64)];
        random.nextBytes(g);
        return g;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("simulator: close failed: " + e);
        }
    }

    private record Timed(long due, long seq, Runnable action) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** One accepted connection to a simulated device. */
    public final class Connection {
        private final SimulatedDevice device;
        private final DeviceProtocol protocol;
        private final SocketChannel ch;
        private ByteBuffer in = ByteBuffer.allocate(4096);
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private SelectionKey key;
        private boolean closed;
        private boolean closeWhenFlushed;
        /** When the last reply is due to go out: keeps replies in order whatever their delays. */
        private long replyClockNanos;

        private Connection(SimulatedDevice device, SocketChannel ch) {
            this.device = device;
            this.protocol = device.protocol();
            this.ch = ch;
        }

        public SimulatedDevice device() {
            return device;
        }

        private void ready(SelectionKey k) throws IOException {
            if (k.isValid() && k.isWritable()) {
                flush();
            }
            if (!k.isValid() || !k.isReadable()) {
                return;
            }
            if (!in.hasRemaining()) {
                if (in.capacity() >= device.maxUnread()) {
                    close(); // a request this long without being consumed is a broken controller
                    return;
                }
                in = ByteBuffer.allocate(Math.min(in.capacity() * 2, device.maxUnread())).put(in.flip());
            }
            int n = ch.read(in);
            if (n < 0) {
                close();
                return;
            }
            in.flip();
            if (device.has(Fault.SILENT)) {
                in.position(in.limit());
            } else if (device.has(Fault.GARBAGE)) {
                in.position(in.limit());
                reply(new byte[0]);
            } else {
                protocol.received(this, in);
            }
            in.compact();
        }

        /**
         * Sends {@code bytes}: random bytes instead under {@link Fault#GARBAGE}, late under {@link Fault#SLOW},
         * byte by byte under {@link Fault#SPLIT_WRITES}.
         */
        public void reply(byte[] reply) {
            byte[] bytes = device.has(Fault.GARBAGE) ? garbage() : reply;
            long delayMs = device.has(Fault.SLOW) ? device.replyDelayMs() : 0;
            long start = Math.max(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs), replyClockNanos);
            long startMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(start - System.nanoTime()));
            if (device.has(Fault.SPLIT_WRITES)) {
                for (int i = 0; i < bytes.length; i++) {
                    byte[] one = {bytes[i]};
                    schedule(startMs + i, () -> write(one));
                }
                replyClockNanos = start + TimeUnit.MILLISECONDS.toNanos(bytes.length);
            } else if (startMs > 0) {
                schedule(startMs, () -> write(bytes));
                replyClockNanos = start;
            } else {
                write(bytes);
            }
        }

        /** Closes the connection once what was queued so far has been written. */
        public void closeAfterReplies() {
            long ms = Math.max(0, TimeUnit.NANOSECONDS.toMillis(replyClockNanos - System.nanoTime()));
            schedule(ms, () -> {
                closeWhenFlushed = true;
                try {
                    flush();
                } catch (IOException e) {
                    close();
                }
            });
        }

        private void write(byte[] bytes) {
            if (closed) {
                return;
            }
            out.add(ByteBuffer.wrap(bytes));
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
            if (closeWhenFlushed) {
                close();
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            key.cancel();
            closeQuietly(ch);
            device.openConnections.decrementAndGet();
            openConnections.decrementAndGet();
        }
    }
}
