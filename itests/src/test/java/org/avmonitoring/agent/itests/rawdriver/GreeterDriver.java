package org.avmonitoring.agent.itests.rawdriver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;

/**
 * A driver that does not describe itself (as one written against API 1.2 would not), for the web UI's raw settings
 * editor: it wants a text {@code greeting} and answers ok with it as a metric, without any I/O.
 */
public final class GreeterDriver implements DeviceDriver {
    public static final String TYPE = "greeter";

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        return CompletableFuture.completedFuture(CheckResult.builder(Instant.now())
                .metric("greeting", device.settings().get("greeting")).build());
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        Object greeting = device.settings().get("greeting");
        return greeting instanceof String s && !s.isBlank() ? List.of()
                : List.of(new ValidationProblem("greeting", "a greeting is needed, as text"));
    }
}
