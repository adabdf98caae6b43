package org.avmonitoring.agent.testing.stream;

import org.avmonitoring.agent.testing.tcpsim.Fault;

/** The one fault a simulated stream device shows at a time, as its tests and command line name it. */
public enum StreamFault {
    NONE(null),
    /** Accepts the connection, reads everything, never sends a byte. */
    SILENT(Fault.SILENT),
    /** Sends random bytes instead of its greeting and instead of every answer. */
    GARBAGE(Fault.GARBAGE),
    /** Closes the connection right after accepting it. */
    CLOSE(Fault.CLOSE_AFTER_ACCEPT),
    /** Talks normally, but every write goes out {@link SimulatedStreamDevice#slowMs(long)} late. */
    SLOW(Fault.SLOW);

    /** The simulator's fault this one is; null for {@link #NONE}. */
    final Fault fault;

    StreamFault(Fault fault) {
        this.fault = fault;
    }
}
