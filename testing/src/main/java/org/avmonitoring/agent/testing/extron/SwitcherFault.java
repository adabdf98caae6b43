package org.avmonitoring.agent.testing.extron;

/** Misbehaviours a simulated Extron device can show. */
public enum SwitcherFault {
    /** Accepts the connection and never sends a byte. */
    SILENT,
    /** Sends binary garbage lines instead of the banner. */
    GARBAGE,
    /** Closes the connection right after accepting it. */
    CLOSE,
    /** Everything it sends goes out {@link SimulatedSwitcher#replyDelayMs()} late. */
    SLOW,
    /** Prompts for a password and refuses every one. */
    AUTH_FAILS,
    /** Sends an endless line (no line end) after the banner. */
    ENDLESS
}
