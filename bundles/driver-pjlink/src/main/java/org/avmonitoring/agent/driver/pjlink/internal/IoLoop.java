package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's only I/O thread: one selector for every TCP session and UDP socket, plus timers. Every handler and
 * timer runs on this thread, so sessions need no locks. Other threads hand work over with {@link #execute}.
 * Nothing is allocated per turn of the loop, and it sleeps until a channel, a live timer or a task needs it.
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

    /** Larger than any line a projector may send (a reply is at most 136 bytes), and than any command we send. */
    private static final int BUFFER_BYTES = 512;

    private final Selector selector;
    private final Thread thread;
    private final Object lock = new Object();
    /** Filled by {@link #execute} under the lock; swapped with {@link #running} by the loop. */
    private ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private ArrayDeque<Runnable> running = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<Handler> stopHooks = new ArrayList<>();
    private final Consumer<SelectionKey> dispatcher = this::dispatch;
    // Loop thread only: the loop is single-threaded, so every session reads and writes through the same two buffers.
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private boolean open = true;
    /** Loop thread only: a task was handed over by the loop thread itself, so the next select must not sleep. */
    private boolean ownTask;

    IoLoop(String threadName) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the loop thread; false (and not run) once the loop is closing. */
    boolean execute(Runnable task) {
        boolean wake;
        synchronized (lock) {
            if (!open) {
                return false;
            }
            // Tasks already queued mean a wake-up is already on its way (or the loop is awake and will see this one).
            wake = tasks.isEmpty();
            tasks.add(task);
        }
        if (Thread.currentThread() == thread) {
            ownTask = true;
        } else if (wake) {
            selector.wakeup();
        }
        return true;
    }

    /** Loop thread only. */
    Timer schedule(long delayMs, Runnable action) {
        return scheduleAt(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMs)), action);
    }

    /** Loop thread only: runs {@code action} once {@link System#nanoTime()} reaches {@code dueNanos}. */
    Timer scheduleAt(long dueNanos, Runnable action) {
        Timer t = new Timer(dueNanos, action);
        timers.add(t);
        return t;
    }

    /** Loop thread only: the buffer every read goes through; its content is only valid until the handler returns. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Loop thread only: the buffer every write goes through; what a channel does not take must be copied. */
    ByteBuffer writeBuffer() {
        return writeBuffer;
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
                ArrayDeque<Runnable> batch;
                synchronized (lock) {
                    if (!open) {
                        break;
                    }
                    batch = tasks;
                    tasks = running;
                    running = batch;
                }
                ownTask = false;
                for (Runnable r; (r = batch.poll()) != null; ) {
                    safely(r);
                }
                fireDueTimers();
                long wait = nextTimerWaitMs();
                if (wait == 0 || ownTask) {
                    selector.selectNow(dispatcher);
                } else {
                    selector.select(dispatcher, wait < 0 ? 0 : wait);
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
