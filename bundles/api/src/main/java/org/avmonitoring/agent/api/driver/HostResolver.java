package org.avmonitoring.agent.api.driver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Host-name lookups for drivers, each bounded in time. The JDK resolver blocks, so names are looked up on a small
 * pool of this resolver's own (threads end when idle), never on a driver's I/O thread; IP literals need no lookup.
 * A failed or slow lookup is its own error, distinct from an unreachable device.
 */
public final class HostResolver implements AutoCloseable {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private final ExecutorService pool;

    /** @param threadName name of the lookup threads, e.g. {@code "avm-snmp-dns"} */
    public HostResolver(String threadName, int threads) {
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        this.pool = p;
    }

    /**
     * Completes with the address, or fails with a {@link HostResolutionException} whose message says what went wrong
     * ("cannot resolve host name X", "resolving host name X took more than N ms", "invalid IP address X").
     */
    public CompletableFuture<InetAddress> resolve(String host, Duration timeout) {
        if (IP_LITERAL.matcher(host).matches()) {
            try {
                return CompletableFuture.completedFuture(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(new HostResolutionException("invalid IP address " + host));
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(new HostResolutionException("cannot resolve host name " + host));
            }
        }, pool).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(t -> {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            return CompletableFuture.failedFuture(cause instanceof TimeoutException
                    ? new HostResolutionException("resolving host name " + host + " took more than "
                            + timeout.toMillis() + " ms")
                    : cause);
        });
    }

    /** Stops the lookup threads; lookups still queued fail. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** A host name that did not resolve, or not in time. */
    public static final class HostResolutionException extends Exception {
        private static final long serialVersionUID = 1L;

        public HostResolutionException(String message) {
            super(message, null, false, false);
        }
    }
}
