package org.avmonitoring.agent.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;

/** A driver whose behaviour the test chooses; it remembers every call and every future it handed out. */
final class FakeDriver implements DeviceDriver {

    record Call(String deviceId, String host, long atMillis, Duration deadline, CompletableFuture<CheckResult> future) {
    }

    private final ManualScheduler clock;
    private final BiFunction<Device, Duration, CompletableFuture<CheckResult>> behaviour;
    final List<Call> calls = new ArrayList<>();
    /** The device ids the collector told this driver to forget, in order. */
    final List<String> forgotten = new ArrayList<>();

    /** What {@link #description()} answers; null by default, like a driver that does not describe itself. */
    volatile org.avmonitoring.agent.api.driver.DriverDescription description;

    @Override
    public org.avmonitoring.agent.api.driver.DriverDescription description() {
        return description;
    }

    FakeDriver(ManualScheduler clock, BiFunction<Device, Duration, CompletableFuture<CheckResult>> behaviour) {
        this.clock = clock;
        this.behaviour = behaviour;
    }

    /** Answers ok at once with a 12.5 ms latency. */
    static FakeDriver ok(ManualScheduler clock) {
        return new FakeDriver(clock, (d, dl) -> CompletableFuture.completedFuture(
                CheckResult.builder(java.time.Instant.ofEpochMilli(clock.nowMillis())).latencyMs(12.5).build()));
    }

    /** Returns a future that nobody ever completes. */
    static FakeDriver hanging(ManualScheduler clock) {
        return new FakeDriver(clock, (d, dl) -> new CompletableFuture<>());
    }

    @Override
    public synchronized CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        CompletableFuture<CheckResult> f = behaviour.apply(device, deadline);
        calls.add(new Call(device.id(), device.host(), clock.nowMillis(), deadline, f));
        return f;
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return List.of();
    }

    @Override
    public synchronized void forget(String deviceId) {
        forgotten.add(deviceId);
    }

    synchronized List<Call> callsFor(String deviceId) {
        return calls.stream().filter(c -> c.deviceId().equals(deviceId)).toList();
    }

    synchronized int count(String deviceId) {
        return callsFor(deviceId).size();
    }
}
