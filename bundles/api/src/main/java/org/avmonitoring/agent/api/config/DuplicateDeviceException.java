package org.avmonitoring.agent.api.config;

import java.util.List;

import org.avmonitoring.agent.api.ValidationProblem;

/** A device id is already taken. */
public class DuplicateDeviceException extends ConfigValidationException {
    private static final long serialVersionUID = 1L;

    public DuplicateDeviceException(String origin, String id) {
        super(origin, List.of(new ValidationProblem("id", "duplicate id \"" + id + "\"")));
    }
}
