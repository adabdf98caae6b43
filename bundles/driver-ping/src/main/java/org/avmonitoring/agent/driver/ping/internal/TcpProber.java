package org.avmonitoring.agent.driver.ping.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tcp} mode: times TCP connects (SYN to SYN-ACK) with asynchronous NIO channels on one I/O thread, for
 * devices that drop ICMP. A refused connect counts as lost: the port being watched is not serving.
 */
final class TcpProber implements AutoCloseable {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final AsynchronousChannelGroup group;
    private final ScheduledExecutorService timer;

    TcpProber(ScheduledExecutorService timer) throws IOException {
        this.timer = timer;
        this.group = AsynchronousChannelGroup.withFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "avm-ping-tcp");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code count} connects one after another, each bounded by {@code timeoutMs}. */
    CompletableFuture<Echoes> probe(InetSocketAddress to, int count, int timeoutMs) {
        List<Double> rtts = Collections.synchronizedList(new ArrayList<>(count));
        AtomicReference<String> lastReason = new AtomicReference<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < count; i++) {
            chain = chain.thenCompose(v -> connectOnce(to, timeoutMs).handle((rtt, t) -> {
                rtts.add(rtt);
                if (t != null) {
                    lastReason.set(t.getMessage());
                }
                return null;
            }));
        }
        return chain.thenApply(v -> new Echoes(Collections.unmodifiableList(new ArrayList<>(rtts)), lastReason.get()));
    }

    private CompletableFuture<Double> connectOnce(InetSocketAddress to, int timeoutMs) {
        CompletableFuture<Double> f = new CompletableFuture<>();
        AsynchronousSocketChannel ch;
        try {
            ch = AsynchronousSocketChannel.open(group);
        } catch (IOException e) {
            f.completeExceptionally(new IOException("cannot open a socket: " + e.getMessage()));
            return f;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            timedOut.set(true);
            close(ch);
        }, timeoutMs, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        ch.connect(to, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void v, Void a) {
                double ms = (System.nanoTime() - start) / 1e6;
                timeout.cancel(false);
                close(ch);
                f.complete(ms);
            }

            @Override
            public void failed(Throwable t, Void a) {
                timeout.cancel(false);
                close(ch);
                String why = timedOut.get() || t instanceof AsynchronousCloseException ? "connect timeout after " + timeoutMs + " ms"
                        : t instanceof ConnectException ? "port " + to.getPort() + " refused the connection"
                        : "connect failed: " + t.getMessage();
                f.completeExceptionally(new IOException(why));
            }
        });
        return f;
    }

    private void close(AsynchronousSocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            log.debug("closing a probe socket to {} failed: {}", ch, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            group.shutdownNow();
        } catch (IOException e) {
            log.warn("stopping the TCP probe I/O thread failed: {}", e.getMessage());
        }
    }
}
