package org.avmonitoring.agent.api;

import java.util.Objects;

/**
 * A credential (the site token) that must never reach a log line, an exception message or a page:
 * its {@link #toString()} is a mask; only {@link #reveal()} gives the value, at the one place that sends it.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "" : Secrets.MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && ((Secret) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
