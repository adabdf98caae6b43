package org.avmonitoring.agent.testing.pjlink;

/** Misbehaviours a simulated projector can show; several may be combined. */
public enum Fault {
    /** Greeting and every reply are sent {@link SimulatedProjector#replyDelayMs()} late. */
    SLOW_REPLY,
    /** Accepts the connection and never sends a byte. */
    SILENT,
    /** Sends binary garbage (then a CR) instead of the greeting. */
    GARBAGE,
    /** Greets properly, then answers every command with binary garbage and a CR. */
    GARBAGE_REPLIES,
    /** Every byte of the greeting and the replies goes out in its own write, 1 ms apart. */
    SPLIT_WRITES,
    /** Replies in lower case ({@code %1powr=1}, {@code err3}), as some devices do. */
    LOWER_CASE,
    /** Sends the greeting, then closes the connection. */
    CLOSE_AFTER_GREETING,
    /** Closes the connection after each reply (the controller must reconnect for the next command). */
    CLOSE_AFTER_EACH_REPLY,
    /** Requires authentication and answers {@code PJLINK ERRA} whatever the digest. */
    ALWAYS_ERRA,
    /** Answers the first command with an endless line (no CR), up to 16 MiB per connection. */
    ENDLESS_LINE,
    /** Answers ERR3 (unavailable time) to every command but POWR and CLSS, as in warm-up or standby. */
    ERR3,
    /** Answers ERR4 (projector failure) to every command but CLSS. */
    ERR4,
    /** Answers {@code %1CLSS=Class 1} instead of {@code %1CLSS=1} (Optoma X351). */
    CLASS_AS_TEXT,
    /** Ends replies with CR LF instead of CR. */
    CRLF
}
