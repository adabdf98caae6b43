package org.avmonitoring.agent.testing.extron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.avmonitoring.agent.testing.support.SelectorLoops;

/**
 * Simulated Extron devices, all served by one non-blocking thread: each listens on its own loopback address and
 * port. On connect a device sends its copyright banner and date line, then {@code Password:} when it has a password;
 * commands are lines ended by CR (LF ignored), each answered with one CR LF line.
 */
public final class ExtronSimulator implements AutoCloseable {
    private static final int MAX_LINE = 256;
    private static final byte[] ENDLESS_CHUNK = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<SimulatedSwitcher> switchers = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    /** One accepted connection: what it has read, what it still has to write and when. */
    private static final class Conn {
        final SimulatedSwitcher device;
        final SocketChannel channel;
        final StringBuilder line = new StringBuilder();
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        final ArrayDeque<Long> due = new ArrayDeque<>();
        boolean awaitingPassword;
        long endlessLeft;

        Conn(SimulatedSwitcher device, SocketChannel channel) {
            this.device = device;
            this.channel = channel;
        }
    }

    private final List<Conn> open = new ArrayList<>();

    public ExtronSimulator() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, "extron-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** A device listening on {@code host:port} (port 0: any free port). */
    public SimulatedSwitcher add(String host, int port) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(host, port), 128);
        server.configureBlocking(false);
        SimulatedSwitcher s = new SimulatedSwitcher(new InetSocketAddress(host, ((InetSocketAddress) server.getLocalAddress()).getPort()));
        CompletableFuture<Void> registered = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                server.register(selector, SelectionKey.OP_ACCEPT, s);
                registered.complete(null);
            } catch (IOException e) {
                registered.completeExceptionally(e);
            }
        });
        selector.wakeup();
        registered.join();
        switchers.add(s);
        return s;
    }

    public List<SimulatedSwitcher> switchers() {
        return new ArrayList<>(switchers);
    }

    private void run() {
        try {
            while (!closing) {
                long wait = flushDue();
                selector.select(wait);
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    t.run();
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        accept((ServerSocketChannel) k.channel(), (SimulatedSwitcher) k.attachment());
                    } else if (k.isReadable()) {
                        read((Conn) k.attachment());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            open.forEach(c -> closeQuietly(c.channel));
            selector.keys().forEach(k -> closeQuietly(k.channel()));
            closeQuietly(selector);
        }
    }

    private void accept(ServerSocketChannel server, SimulatedSwitcher s) throws IOException {
        SocketChannel ch = server.accept();
        if (ch == null) {
            return;
        }
        s.connected();
        if (s.has(SwitcherFault.CLOSE)) {
            ch.close();
            return;
        }
        ch.configureBlocking(false);
        Conn c = new Conn(s, ch);
        open.add(c);
        ch.register(selector, SelectionKey.OP_READ, c);
        if (s.has(SwitcherFault.SILENT)) {
            return;
        }
        if (s.has(SwitcherFault.GARBAGE)) {
            queue(c, "\u0000\u00ff\u0013garbage \u0007\u0001\r\n\u00fe\u0000\r\n");
            return;
        }
        queue(c, s.banner());
        if (s.has(SwitcherFault.ENDLESS)) {
            c.endlessLeft = 16L * 1024 * 1024;
        } else if (s.passwordRequired()) {
            c.awaitingPassword = true;
            queue(c, "\r\nPassword:");
        }
    }

    private void read(Conn c) {
        ByteBuffer in = ByteBuffer.allocate(1024);
        int n;
        try {
            n = c.channel.read(in);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            close(c);
            return;
        }
        for (int i = 0; i < n; i++) {
            char ch = (char) (in.get(i) & 0xff);
            if (ch == '\r') {
                String line = c.line.toString();
                c.line.setLength(0);
                if (c.awaitingPassword) {
                    String r = c.device.login(line);
                    c.awaitingPassword = r.endsWith("Password:");
                    queue(c, r);
                } else if (!c.device.has(SwitcherFault.SILENT)) {
                    queue(c, c.device.reply(line));
                }
            } else if (ch != '\n' && c.line.length() < MAX_LINE) {
                c.line.append(ch);
            }
        }
    }

    private void queue(Conn c, String text) {
        c.out.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
        c.due.add(System.nanoTime() + (c.device.has(SwitcherFault.SLOW) ? c.device.replyDelayMs() * 1_000_000 : 0));
    }

    /** Writes what is due (endless output included); returns how long the selector may sleep, in ms (0: forever). */
    private long flushDue() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Conn c : new ArrayList<>(open)) {
            try {
                while (!c.out.isEmpty() && c.due.peek() <= now) {
                    ByteBuffer b = c.out.peek();
                    c.channel.write(b);
                    if (b.hasRemaining()) {
                        break;
                    }
                    c.out.poll();
                    c.due.poll();
                }
                if (c.out.isEmpty() && c.endlessLeft > 0) {
                    int written = c.channel.write(ByteBuffer.wrap(ENDLESS_CHUNK));
                    c.endlessLeft -= written;
                    next = Math.min(next, now + 1_000_000);
                }
                if (!c.out.isEmpty()) {
                    next = Math.min(next, Math.max(c.due.peek(), now + 1_000_000));
                }
            } catch (IOException e) {
                close(c);
            }
        }
        return next == Long.MAX_VALUE ? 0 : Math.max(1, (next - now) / 1_000_000);
    }

    private void close(Conn c) {
        open.remove(c);
        closeQuietly(c.channel);
    }

    /** Connections the simulator holds open now. */
    public int openConnections() {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        tasks.add(() -> n.complete(open.size()));
        selector.wakeup();
        return n.join();
    }

    @Override
    public void close() {
        closing = true;
        SelectorLoops.wakeAndJoin(selector, thread);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
