package org.avmonitoring.agent.collector.internal;

import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's time: one clock thread owns every timer (a priority queue no other thread touches) and runs the
 * collector's tasks; one lane thread per driver type calls that driver.
 *
 * <p>Built for few wake-ups rather than low latency. Other threads hand tasks over through lock-free queues and wake the
 * clock only when it sleeps for longer than {@link #TICK_MS}; otherwise it finds their tasks at its next tick. The
 * clock never sleeps less than a tick, so timers run up to {@value #TICK_MS} ms late and at most 10 times a second,
 * however many devices fall due: a check's result is recorded, and a driver's lane woken, once per tick for all of them
 * instead of once each (at 10,000 devices a thread hand-off per check cost more CPU than the collector's own work).
 */
final class ClockScheduler implements TaskScheduler {
    static final long TICK_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ClockScheduler.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final class Timer implements Cancellable, Comparable<Timer> {
        final long dueNanos;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Timer(long dueNanos, long seq, Runnable task) {
            this.dueNanos = dueNanos;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true; // left in the queue, dropped when due: removing from a heap costs O(n)
        }

        @Override
        public int compareTo(Timer o) {
            long d = dueNanos - o.dueNanos;
            return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(seq, o.seq);
        }
    }

    /** A thread fed through a lock-free queue, woken only when it has gone to sleep. */
    private final class Lane {
        final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
        final Thread thread;
        volatile boolean parked;

        Lane(String name) {
            thread = new Thread(this::loop, "avmonitoring-collector-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        void wakeIfParked() {
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        private void loop() {
            while (running) {
                Runnable r = queue.poll();
                if (r != null) {
                    safely(r);
                    continue;
                }
                parked = true;
                if (queue.isEmpty() && running) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
    }

    private final Thread clock;
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private volatile boolean running = true;
    /** The clock sleeps longer than a tick: whoever hands it work must wake it. */
    private volatile boolean sleepingLong;

    ClockScheduler() {
        clock = new Thread(this::loop, "avmonitoring-collector");
        clock.setDaemon(true);
        clock.start();
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMs) {
        Timer t = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMs)),
                seq.getAndIncrement(), task);
        if (Thread.currentThread() == clock) {
            timers.add(t);
        } else {
            handOver(() -> timers.add(t));
        }
        return t;
    }

    @Override
    public void execute(Runnable task) {
        handOver(task);
    }

    @Override
    public void dispatch(String lane, Runnable task) {
        if (!running) {
            return;
        }
        Lane l = lanes.computeIfAbsent(lane, Lane::new);
        l.queue.add(task);
        if (Thread.currentThread() != clock) {
            l.wakeIfParked(); // the clock wakes its lanes once per tick, after all its dispatches
        }
    }

    private void handOver(Runnable task) {
        if (!running) {
            return;
        }
        inbox.add(task);
        if (sleepingLong && Thread.currentThread() != clock) {
            LockSupport.unpark(clock);
        }
    }

    private void loop() {
        while (running) {
            for (Runnable r; (r = inbox.poll()) != null; ) {
                safely(r);
            }
            long now = System.nanoTime();
            for (Timer t; (t = timers.peek()) != null && t.dueNanos - now <= 0; ) {
                timers.poll();
                if (!t.cancelled) {
                    safely(t.task);
                }
            }
            for (Lane l : lanes.values()) {
                if (!l.queue.isEmpty()) {
                    l.wakeIfParked();
                }
            }
            if (!inbox.isEmpty()) {
                continue;
            }
            Timer next = timers.peek();
            while (next != null && next.cancelled) { // a check's deadline timer, cancelled by its answer: no wake-up for it
                timers.poll();
                next = timers.peek();
            }
            long sleep = next == null ? MAX_SLEEP_NANOS
                    : Math.min(MAX_SLEEP_NANOS, Math.max(TICK_NANOS, next.dueNanos - System.nanoTime()));
            if (sleep > TICK_NANOS) {
                sleepingLong = true;
                if (!inbox.isEmpty()) { // handed over before the flag was seen: do not sleep on it
                    sleepingLong = false;
                    continue;
                }
            }
            LockSupport.parkNanos(this, sleep);
            sleepingLong = false;
        }
    }

    /** A task that throws must not end the thread that runs every device's timer. */
    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("collector task failed", e);
        }
    }

    /** Stops the clock and the lanes; a lane stuck in a driver's call is left behind (daemon) and named. */
    void shutdown() {
        running = false;
        LockSupport.unpark(clock);
        lanes.values().forEach(l -> LockSupport.unpark(l.thread));
        join(clock);
        lanes.values().forEach(l -> join(l.thread));
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("collector thread {} still running 5 s after shutdown", t.getName());
        }
    }
}
