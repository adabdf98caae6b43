package org.avmonitoring.agent.collector.internal;

import java.util.PriorityQueue;

/** A {@link TaskScheduler} whose time moves only when the test says so; tasks run on the test's thread. */
final class ManualScheduler implements TaskScheduler {
    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    ManualScheduler(long startMillis) {
        now = startMillis;
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMs) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    /** Lanes are the test's thread too: the task runs with the other tasks due now, in order. */
    @Override
    public void dispatch(String lane, Runnable task) {
        schedule(task, 0);
    }

    /** Moves time forward by {@code ms}, running every task that falls due, in order, including ones they add. */
    void advance(long ms) {
        long target;
        synchronized (this) {
            target = now + ms;
        }
        while (true) {
            Task t;
            synchronized (this) {
                if (queue.isEmpty() || queue.peek().at > target) {
                    now = target;
                    return;
                }
                t = queue.poll();
                now = Math.max(now, t.at);
            }
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
    }

    /** Runs what is due now. */
    void runPending() {
        advance(0);
    }

    synchronized int pendingTimers() {
        return (int) queue.stream().filter(t -> !t.cancelled[0]).count();
    }
}
