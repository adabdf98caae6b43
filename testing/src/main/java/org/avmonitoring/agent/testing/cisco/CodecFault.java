package org.avmonitoring.agent.testing.cisco;

/** Misbehaviours a simulated codec can show. */
public enum CodecFault {
    /** Accepts the request and never answers. */
    SILENT,
    /** Answers 200 with bytes that are not XML. */
    GARBAGE,
    /** Closes the connection without answering. */
    CLOSE,
    /** Answers {@link SimulatedCodec#replyDelayMs()} late. */
    SLOW,
    /** Answers 401 whatever the credentials. */
    AUTH_FAILS,
    /** Answers 200 with an endless body (up to 64 MiB). */
    ENDLESS
}
