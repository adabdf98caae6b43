package org.avmonitoring.agent.driver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread for every TCP conversation of a driver: a selector for the sockets and a timer queue for the
 * connect, step and overall limits. A driver creates one when it activates and closes it when it deactivates; each
 * check starts a conversation and gets a future.
 *
 * <p>Futures complete on the I/O thread: what a driver chains on them must not block.
 */
public final class TcpConversations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpConversations.class);

    private final Selector selector;
    private final Thread thread;
    private final int maxUnreadBytes;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // Loop thread only.
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Set<Connection<?>> connections = new HashSet<>();
    private volatile boolean closing;

    /**
     * @param threadName     the I/O thread's name, e.g. {@code samsung-mdc-io}
     * @param maxUnreadBytes how many bytes may wait unconsumed before a conversation fails: a device that sends
     *                       garbage without a frame end costs no more than this
     */
    public TcpConversations(String threadName, int maxUnreadBytes) {
        if (maxUnreadBytes < 16) {
            throw new IllegalArgumentException("maxUnreadBytes must be at least 16, not " + maxUnreadBytes);
        }
        this.maxUnreadBytes = maxUnreadBytes;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Connects to {@code address} and runs {@code conversation}; returns at once. The future fails with a
     * {@link ConversationFailure} when the connection fails, when the device is silent for {@code stepTimeout} (while
     * connecting, or after a request or the last bytes received), or when {@code deadline} passes. Cancelling the
     * future closes the socket.
     */
    public <R> CompletableFuture<R> start(InetSocketAddress address, Duration stepTimeout, Duration deadline,
                                          Conversation<R> conversation) {
        Connection<R> connection = new Connection<>(this, address, stepTimeout.toMillis(), deadline.toMillis(),
                conversation);
        CompletableFuture<R> result = connection.result();
        result.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                execute(connection::abandon);
            }
        });
        if (!execute(connection::open)) {
            result.completeExceptionally(new ConversationFailure("driver stopping"));
        }
        return result;
    }

    /** How many conversations are open now (for tests and diagnostics). */
    public int openConversations() {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        if (!execute(() -> count.complete(connections.size()))) {
            return 0;
        }
        return count.join();
    }

    /** Closes every socket (their futures fail with "driver stopping") and ends the I/O thread. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within 5 s", thread.getName());
        }
    }

    /** Whether {@link #close} was called: the conversations that end from now on end because the driver stops. */
    public boolean isClosed() {
        return closing;
    }

    int maxUnreadBytes() {
        return maxUnreadBytes;
    }

    Selector selector() {
        return selector;
    }

    /** Loop thread only. */
    void opened(Connection<?> connection) {
        connections.add(connection);
    }

    /** Loop thread only. */
    void ended(Connection<?> connection) {
        connections.remove(connection);
    }

    /** Loop thread only. */
    Timer schedule(long delayMs, Runnable action) {
        Timer t = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMs)), action);
        timers.add(t);
        return t;
    }

    private boolean execute(Runnable task) {
        if (closing) {
            return false;
        }
        tasks.add(task);
        selector.wakeup();
        return true;
    }

    private void run() {
        try {
            while (!closing) {
                runTasks();
                fireDueTimers();
                long wait = nextTimerWaitMs();
                if (wait == 0) {
                    selector.selectNow(this::dispatch);
                } else {
                    selector.select(this::dispatch, wait < 0 ? 0 : wait);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("{} failed; its conversations end", thread.getName(), e);
            closing = true;
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        runTasks(); // a conversation started just before close is opened, then ended below
        for (Connection<?> c : new ArrayList<>(connections)) {
            safely(() -> c.fail("driver stopping"));
        }
        timers.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.warn("closing the selector of {} failed: {}", thread.getName(), e.toString());
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            safely(task);
        }
    }

    private void dispatch(SelectionKey key) {
        Connection<?> c = (Connection<?>) key.attachment();
        safely(() -> c.ready(key));
    }

    private void fireDueTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().dueNanos - now <= 0) {
            Timer t = timers.poll();
            if (!t.cancelled) {
                safely(t.action);
            }
        }
    }

    private long nextTimerWaitMs() {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
        if (timers.isEmpty()) {
            return -1;
        }
        long nanos = timers.peek().dueNanos - System.nanoTime();
        return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("{} task failed", thread.getName(), e);
        }
    }

    /** A timer of the loop; cancelled timers stay queued until due or until they reach the head. */
    static final class Timer implements Comparable<Timer> {
        private final long dueNanos;
        private final Runnable action;
        private boolean cancelled;

        private Timer(long dueNanos, Runnable action) {
            this.dueNanos = dueNanos;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            return Long.compare(dueNanos, o.dueNanos);
        }
    }
}
