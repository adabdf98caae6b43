package org.avmonitoring.agent.testing.tcpsim;

/** Misbehaviours a simulated device can show; several may be combined. */
public enum Fault {
    /** Accepts connections and never sends a byte. */
    SILENT,
    /** Answers every request with binary garbage. */
    GARBAGE,
    /** Closes every connection as soon as it is accepted. */
    CLOSE_AFTER_ACCEPT,
    /** Sends every reply {@link SimulatedDevice#replyDelayMs()} late. */
    SLOW,
    /** Sends every reply one byte at a time, 1 ms apart (a reader must reassemble frames). */
    SPLIT_WRITES,
    /** Refuses every request: a NAK for Samsung MDC, the NULL message for NEC. */
    REFUSE_ALL,
    /** Replies with a wrong checksum (MDC) or block check code (NEC). */
    BAD_CHECKSUM,
    /** Samsung MDC "Secured Protocol" on: sends {@code MDCSTART<<TLS>>} and never answers plain MDC. */
    SECURED
}
