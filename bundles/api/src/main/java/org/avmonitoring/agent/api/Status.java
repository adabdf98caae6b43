package org.avmonitoring.agent.api;

import java.util.Locale;

/** Health of a device as seen by its last check. */
public enum Status {
    OK, WARNING, KO, UNKNOWN;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in config, JSON and metrics ({@code ok}, {@code warning}, {@code ko}, {@code unknown}). */
    public String wireName() {
        return wireName; // kept: written for every result
    }

    public static Status fromWire(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Order of gravity used to summarise several statuses: ko, then warning, then unknown, then ok. */
    public int severity() {
        switch (this) {
            case KO: return 3;
            case WARNING: return 2;
            case UNKNOWN: return 1;
            default: return 0;
        }
    }

    public Status worst(Status other) {
        return other.severity() > severity() ? other : this;
    }
}
