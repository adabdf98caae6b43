package org.avmonitoring.agent.webui.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.CollectorStats;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.Forecast;
import org.avmonitoring.agent.api.monitor.HistoryPoint;
import org.avmonitoring.agent.api.monitor.Maintenance;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.avmonitoring.agent.api.monitor.TrendPoint;

/** A MonitorService whose states and check answers the test sets. */
final class FakeMonitorService implements MonitorService {
    final Map<String, DeviceState> states = new ConcurrentHashMap<>();
    final Map<String, List<HistoryPoint>> history = new ConcurrentHashMap<>();
    final List<Device> checked = new CopyOnWriteArrayList<>();
    volatile Set<String> drivers = Set.of("pjlink", "snmp", "ping");
    volatile Function<Device, CompletableFuture<CheckResult>> answer;

    @Override
    public List<DeviceState> states() {
        return List.copyOf(states.values());
    }

    @Override
    public Optional<DeviceState> state(String deviceId) {
        return Optional.ofNullable(states.get(deviceId));
    }

    @Override
    public List<HistoryPoint> history(String deviceId) {
        return history.getOrDefault(deviceId, List.of());
    }

    @Override
    public CompletableFuture<CheckResult> checkOnce(Device device) {
        checked.add(device);
        return answer.apply(device);
    }

    @Override
    public CollectorStats stats() {
        return new CollectorStats(states.size(), Map.of(Status.OK, 1, Status.KO, 1), 120, 7, 2, 12.5, 9.75);
    }

    @Override
    public Set<String> driverTypes() {
        return drivers;
    }

    final Map<String, List<Forecast>> forecasts = new ConcurrentHashMap<>();
    final Map<String, List<TrendPoint>> trends = new ConcurrentHashMap<>();

    @Override
    public List<Forecast> forecasts(String deviceId) {
        return forecasts.getOrDefault(deviceId, List.of());
    }

    @Override
    public List<TrendPoint> trend(String deviceId, String metric) {
        return trends.getOrDefault(deviceId + "/" + metric, List.of());
    }

    /** Windows as started, ending at a fixed instant plus their minutes. */
    final Map<String, Maintenance> maintenance = new ConcurrentHashMap<>();

    @Override
    public Optional<Maintenance> startMaintenance(String deviceId, long minutes, String reason) {
        Maintenance m = new Maintenance(Instant.parse("2027-01-04T08:00:00Z").plusSeconds(60 * minutes), reason,
                Maintenance.API);
        maintenance.put(deviceId, m);
        return Optional.of(m);
    }

    @Override
    public boolean endMaintenance(String deviceId) {
        return maintenance.remove(deviceId) != null;
    }
}
