package org.avmonitoring.agent.api.config;

import java.util.List;
import java.util.stream.Collectors;

import org.avmonitoring.agent.api.ValidationProblem;

/** A configuration or a change to it was refused; {@link #problems()} says every fault found, with its path. */
public class ConfigValidationException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ValidationProblem> problems;

    public ConfigValidationException(String origin, List<ValidationProblem> problems) {
        super(origin + ": " + problems.stream().map(ValidationProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ValidationProblem> problems() {
        return problems;
    }
}
