package org.avmonitoring.agent.testing.stream;

/** A simulated device served by a {@link StreamDeviceServer}. Its methods are called on the server thread. */
public interface StreamDevice {

    /** A new session for a new connection. */
    StreamSession open();

    /** The fault shown to a new connection. */
    StreamFault fault();

    /** The delay of each write under {@link StreamFault#SLOW}. */
    long slowMs();

    /** Called once per accepted connection (for counters). */
    default void accepted() {
    }
}
