package org.avmonitoring.agent.api.config;

import java.util.List;

import org.avmonitoring.agent.api.ValidationProblem;

/** No device has this id. */
public class UnknownDeviceException extends ConfigValidationException {
    private static final long serialVersionUID = 1L;

    public UnknownDeviceException(String origin, String id) {
        super(origin, List.of(new ValidationProblem("id", "no device with id \"" + id + "\"")));
    }
}
