package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's only I/O thread: one selector for every TCP session and UDP socket, plus timers. Every handler and
 * timer runs on this thread, so sessions need no locks. Other threads hand work over with {@link #execute}.
 */
final class IoLoop {

    /** Something registered with the selector. */
    interface Handler {
        /** The channel is ready for the operations it asked for. */
        void ready(SelectionKey key) throws IOException;

        /** The loop is stopping: release the channel and complete whatever waits on it. */
        void stop();
    }

    /** A timer; {@link #cancel} is only called on the loop thread. */
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

    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    private final Selector selector;
    private final Thread thread;
    private final Object lock = new Object();
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<Handler> stopHooks = new ArrayList<>();
    private boolean open = true;

    IoLoop(String threadName) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the loop thread; false (and not run) once the loop is closing. */
    boolean execute(Runnable task) {
        synchronized (lock) {
            if (!open) {
                return false;
            }
            tasks.add(task);
        }
        selector.wakeup();
        return true;
    }

    /** Loop thread only. */
    Timer schedule(long delayMs, Runnable action) {
        Timer t = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMs)), action);
        timers.add(t);
        return t;
    }

    /** Loop thread only. */
    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** Loop thread only: {@code handler.stop()} is called when the loop closes, even if it never registers a channel. */
    void addStopHook(Handler handler) {
        stopHooks.add(handler);
    }

    /** Loop thread only. */
    void removeStopHook(Handler handler) {
        stopHooks.remove(handler);
    }

    /** Stops the loop: every handler is stopped (sockets closed, futures completed), then the thread ends. */
    void close() {
        synchronized (lock) {
            open = false;
        }
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("PJLink I/O thread did not stop within 5 s");
        }
    }

    private void run() {
        try {
            while (true) {
                List<Runnable> batch;
                synchronized (lock) {
                    if (!open) {
                        break;
                    }
                    batch = new ArrayList<>(tasks);
                    tasks.clear();
                }
                batch.forEach(this::safely);
                fireDueTimers();
                long wait = nextTimerWaitMs();
                if (wait == 0) {
                    selector.selectNow(this::dispatch);
                } else {
                    selector.select(this::dispatch, wait < 0 ? 0 : wait);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("PJLink I/O loop failed; stopping it", e);
            synchronized (lock) {
                open = false;
            }
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        // Tasks queued before close still run (a check just submitted gets registered, then stopped below).
        List<Runnable> rest;
        synchronized (lock) {
            rest = new ArrayList<>(tasks);
            tasks.clear();
        }
        rest.forEach(this::safely);
        for (SelectionKey key : selector.keys()) {
            Object h = key.attachment();
            if (h instanceof Handler) {
                safely(((Handler) h)::stop);
            }
        }
        new ArrayList<>(stopHooks).forEach(h -> safely(h::stop));
        stopHooks.clear();
        timers.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.warn("closing the PJLink selector failed: {}", e.toString());
        }
    }

    private void dispatch(SelectionKey key) {
        Handler h = (Handler) key.attachment();
        try {
            if (key.isValid()) {
                h.ready(key);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("PJLink I/O handler failed: {}", e.toString());
            safely(h::stop);
        }
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
            LOG.error("PJLink I/O task failed", e);
        }
    }
}
