package org.avmonitoring.agent.collector.internal;

import java.util.ArrayList;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's time: one clock thread owns every timer (no other thread touches them) and runs the collector's
 * tasks; one lane thread per driver type calls that driver.
 *
 * <p>Built for few wake-ups rather than low latency. Time is cut into ticks of {@value #TICK_MS} ms, aligned on the
 * monotonic clock; a timer waits in the bucket of the first tick boundary at or after its due time, and the clock wakes
 * on those boundaries only, running a whole bucket at once (in due order): timers run up to a tick late, never early,
 * and at most once a second however many devices fall due. A check's result is recorded, and a driver's lane
 * woken, once per tick for all of them instead of once each (at 10,000 devices a thread hand-off per check cost more
 * CPU than the collector's own work). Buckets rather than one heap of timers: adding a timer costs a look-up among a
 * few hundred ticks instead of a sift through every device's timer and every check's deadline.
 *
 * <p>Other threads hand tasks over through lock-free queues and wake the clock only when it sleeps past the next tick;
 * otherwise it finds their tasks at that tick. With no timer at all it sleeps until handed something.
 */
final class ClockScheduler implements TaskScheduler {
    /** A second: a tick's checks start together, so every thread down the line (lanes, drivers' I/O) wakes once for
     * them; 250 ms cost 20 % more CPU at 1,000 devices (docs/benchmarks.md, issue 19). Devices' phases stay spread. */
    static final long TICK_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ClockScheduler.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MS);

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
            cancelled = true; // left in its bucket, dropped when due
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
    /** Timers by the tick (boundary index) they run at; only the clock thread touches it. */
    private final TreeMap<Long, ArrayList<Timer>> buckets = new TreeMap<>();
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
            add(t);
        } else {
            handOver(() -> add(t));
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

    /** Into the bucket of the first tick boundary at or after its due time. Clock thread only. */
    private void add(Timer t) {
        long tick = Math.floorDiv(t.dueNanos - 1, TICK_NANOS) + 1;
        buckets.computeIfAbsent(tick, k -> new ArrayList<>()).add(t);
    }

    private void loop() {
        while (running) {
            for (Runnable r; (r = inbox.poll()) != null; ) {
                safely(r);
            }
            runDueBuckets(System.nanoTime());
            for (Lane l : lanes.values()) {
                if (!l.queue.isEmpty()) {
                    l.wakeIfParked();
                }
            }
            if (!inbox.isEmpty()) {
                continue;
            }
            Long next = nextLiveTick();
            long sleep = next == null ? Long.MAX_VALUE : next * TICK_NANOS - System.nanoTime();
            if (sleep <= 0) {
                continue;
            }
            if (sleep > TICK_NANOS) {
                sleepingLong = true;
                if (!inbox.isEmpty()) { // handed over before the flag was seen: do not sleep on it
                    sleepingLong = false;
                    continue;
                }
            }
            if (next == null) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, sleep);
            }
            sleepingLong = false;
        }
    }

    /** Every bucket whose boundary has passed, each in due order (a timer a task adds meanwhile waits its tick). */
    private void runDueBuckets(long now) {
        for (Map.Entry<Long, ArrayList<Timer>> e; (e = buckets.firstEntry()) != null && e.getKey() * TICK_NANOS - now <= 0; ) {
            buckets.pollFirstEntry();
            ArrayList<Timer> due = e.getValue();
            due.sort(null);
            for (Timer t : due) {
                if (!t.cancelled) {
                    safely(t.task);
                }
            }
        }
    }

    /**
     * The first tick with a timer still live; buckets holding only cancelled timers (checks' deadlines, cancelled by
     * their answers) are dropped instead of waking the clock.
     */
    private Long nextLiveTick() {
        for (Map.Entry<Long, ArrayList<Timer>> e; (e = buckets.firstEntry()) != null; buckets.pollFirstEntry()) {
            for (Timer t : e.getValue()) {
                if (!t.cancelled) {
                    return e.getKey();
                }
            }
        }
        return null;
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
