package org.avmonitoring.agent.driver.cisco.internal;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * At most {@code max} polls at once; the others wait in arrival order. A thousand TLS handshakes started together
 * would starve each other (and the codecs' own web servers) past their timeouts; a few dozen at a time finish sooner.
 * The queue holds at most one entry per configured codec (one poll per codec at a time).
 */
final class PollGate {
    private final int max;
    private final ArrayDeque<BooleanSupplier> waiting = new ArrayDeque<>();
    private int running;

    PollGate(int max) {
        this.max = Math.max(1, max);
    }

    /** Starts {@code start} now or when a poll ends; it returns false when it had nothing left to do (its check ended). */
    void submit(BooleanSupplier start) {
        synchronized (this) {
            if (running >= max) {
                waiting.add(start);
                return;
            }
            running++;
        }
        if (!start.getAsBoolean()) {
            done();
        }
    }

    /** A poll ended: the next waiting one that still wants to run takes its place. */
    void done() {
        while (true) {
            BooleanSupplier next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    running--;
                    return;
                }
            }
            if (next.getAsBoolean()) {
                return;
            }
        }
    }
}
