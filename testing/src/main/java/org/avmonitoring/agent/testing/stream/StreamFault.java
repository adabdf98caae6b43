package org.avmonitoring.agent.testing.stream;

/** How a simulated device misbehaves on a new connection; {@link #NONE} talks normally. */
public enum StreamFault {
    NONE,
    /** Accepts the connection, reads everything, never sends a byte. */
    SILENT,
    /** Sends random bytes instead of its greeting and instead of every answer. */
    GARBAGE,
    /** Closes the connection right after accepting it. */
    CLOSE,
    /** Talks normally, but every write goes out {@link StreamDevice#slowMs()} late. */
    SLOW
}
