package org.avmonitoring.agent.testing.support;

import java.nio.channels.Selector;

/** How every simulator ends the one thread that runs its selector loop. */
public final class SelectorLoops {
    private SelectorLoops() {
    }

    /**
     * Wakes {@code selector} so that {@code thread}, whose loop the caller has already told to stop, sees it, then
     * waits for the thread (5 s at most: a simulator stuck in a handler must not hang the test that closes it).
     */
    public static void wakeAndJoin(Selector selector, Thread thread) {
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
