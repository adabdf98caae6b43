package org.avmonitoring.agent.api;

import java.util.Objects;

/**
 * One fault found in a configuration: where (a JSON path such as {@code devices[3].host} or, from a driver,
 * a path relative to the device such as {@code snmp.version}) and what.
 */
public record ValidationProblem(String path, String message) {

    public ValidationProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** The same problem seen from an enclosing object: {@code prefixed("devices[3]")} turns {@code host} into {@code devices[3].host}. */
    public ValidationProblem prefixed(String prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        if (path.isEmpty()) {
            return new ValidationProblem(prefix, message);
        }
        return new ValidationProblem(path.startsWith("[") ? prefix + path : prefix + "." + path, message);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
