package org.avmonitoring.agent.testing.stream;

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

/**
 * Serves any number of simulated TCP devices from one thread (one selector): a thousand devices cost one thread.
 * Each device says how it talks ({@link StreamDevice#open()} gives one {@link StreamSession} per connection) and
 * which {@link StreamFault} it shows now; the faults are applied here, the same way for every protocol. Close it
 * to release every socket.
 */
public final class StreamDeviceServer implements AutoCloseable {
    /** A session holding more unread input than this is a broken client: the device hangs up. */
    private static final int MAX_UNREAD = 256 * 1024;

    private final String name;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Random random = new Random(17);
    private volatile boolean open = true;
    private long timerSeq;

    public StreamDeviceServer(String threadName) throws IOException {
        this.name = threadName;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Binds {@code device} on {@code address} (port 0 picks a free one); returns the bound address. */
    public InetSocketAddress add(InetSocketAddress address, StreamDevice device) throws IOException {
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        execute(() -> {
            try {
                ServerSocketChannel server = ServerSocketChannel.open();
                try {
                    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    server.bind(address, 128);
                    server.configureBlocking(false);
                    server.register(selector, SelectionKey.OP_ACCEPT, device);
                    bound.complete((InetSocketAddress) server.getLocalAddress());
                } catch (IOException | RuntimeException e) {
                    server.close();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                bound.completeExceptionally(e);
            }
        });
        try {
            return bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException(name + " did not bind " + address, e);
        }
    }

    /** Connections open on the devices' side, all devices together. */
    public int openConnections() {
        return openConnections.get();
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ----- server thread -----

    private void execute(Runnable r) {
        tasks.add(r);
        selector.wakeup();
    }

    private void schedule(long delayMs, Runnable action) {
        timers.add(new Timed(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs), timerSeq++, action));
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
            System.err.println(name + " stopped: " + e);
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
            if (a instanceof StreamDevice device && key.isAcceptable()) {
                accept(device, (ServerSocketChannel) key.channel());
            } else if (a instanceof Connection c) {
                c.ready(key);
            }
        } catch (IOException | RuntimeException e) {
            if (a instanceof Connection c) {
                c.close();
            }
        }
    }

    private void accept(StreamDevice device, ServerSocketChannel server) throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            openConnections.incrementAndGet();
            device.accepted();
            StreamFault fault = device.fault();
            Connection c = new Connection(device, ch, fault);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            switch (fault) {
                case CLOSE -> c.close();
                case SILENT -> { } // reads and discards, answers nothing
                case GARBAGE -> c.send(garbage());
                default -> c.session.start(c);
            }
        }
    }

    private byte[] garbage() {
        byte[] g = new byte[200];
        random.nextBytes(g);
        return g;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("simulator: close failed: " + e); // shutting down a test simulator: nothing else to do
        }
    }

    private record Timed(long due, long seq, Runnable action) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** One accepted connection. */
    private final class Connection implements StreamSession.Output {
        private final StreamDevice device;
        private final SocketChannel ch;
        private final StreamFault fault;
        private final StreamSession session;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private ByteBuffer in = ByteBuffer.allocate(4096);
        private SelectionKey key;
        private boolean closed;
        /** When the last slow reply is due: keeps slow replies in order. */
        private long replyClockNanos;

        Connection(StreamDevice device, SocketChannel ch, StreamFault fault) {
            this.device = device;
            this.ch = ch;
            this.fault = fault;
            this.session = device.open();
        }

        void ready(SelectionKey k) throws IOException {
            if (k.isValid() && k.isWritable()) {
                flush();
            }
            if (!k.isValid() || !k.isReadable()) {
                return;
            }
            if (!in.hasRemaining()) {
                if (in.capacity() >= MAX_UNREAD) {
                    close();
                    return;
                }
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            int n = ch.read(in);
            if (n < 0) {
                close();
                return;
            }
            in.flip();
            if (fault == StreamFault.SILENT) {
                in.clear();
                return;
            }
            if (fault == StreamFault.GARBAGE) {
                in.clear();
                send(garbage());
                return;
            }
            session.received(in, this);
            in.compact();
        }

        @Override
        public void send(byte[] bytes) {
            if (closed) {
                return;
            }
            long delayMs = fault == StreamFault.SLOW ? device.slowMs() : 0;
            if (delayMs > 0) {
                long due = Math.max(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs), replyClockNanos);
                replyClockNanos = due;
                schedule(Math.max(0, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())), () -> write(bytes));
            } else {
                write(bytes);
            }
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
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            openConnections.decrementAndGet();
            if (key != null) {
                key.cancel();
            }
            closeQuietly(ch);
        }
    }
}
