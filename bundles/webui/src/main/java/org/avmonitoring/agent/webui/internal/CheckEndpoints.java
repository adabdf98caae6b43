package org.avmonitoring.agent.webui.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.driver.DeviceDiscovery;
import org.avmonitoring.agent.api.driver.DiscoveredDevice;

/**
 * "Test now" and discovery: the two requests that wait for the network. Both answer a future that completes when the
 * driver does (or at their time limit), so that no HTTP thread waits meanwhile: the servlet completes the request
 * asynchronously.
 */
final class CheckEndpoints {
    static final int MAX_DISCOVERY_S = 30;
    /** Discovery gets this long beyond its own duration to answer. */
    private static final long DISCOVERY_GRACE_S = 5;

    private final ApiRouter.Services services;
    private final DeviceEndpoints devices;
    private final Duration testTimeout;

    CheckEndpoints(ApiRouter.Services services, DeviceEndpoints devices, Duration testTimeout) {
        this.services = services;
        this.devices = devices;
        this.testTimeout = testTimeout;
    }

    CompletableFuture<ApiResponse> testSaved(String id) throws ConfigValidationException {
        return check(services.config().current().effective(devices.stored(id)));
    }

    /** "Test now" on a form before saving; masked secrets of an existing device with the same id are filled in. */
    CompletableFuture<ApiResponse> testUnsaved(ApiRequest req) throws ConfigValidationException {
        Map<String, Object> json = JsonBody.object(req.body());
        SiteConfig current = services.config().current();
        Optional<Device> existing = Optional.ofNullable(json.get("id")).map(String::valueOf).flatMap(current::device);
        if (existing.isPresent()) {
            json = SecretMerge.keepStoredSecrets(json, services.config().toJson(existing.get()),
                    services.config().secretKeys(existing.get().type()));
        }
        Device device = devices.parseLocal(json);
        List<ValidationProblem> problems = services.config().validateDevice(device);
        if (!problems.isEmpty()) {
            throw new ConfigValidationException("web UI", problems);
        }
        return check(current.effective(device));
    }

    private CompletableFuture<ApiResponse> check(Device device) {
        if (!services.monitor().driverTypes().contains(device.type())) {
            return CompletableFuture.completedFuture(
                    ApiResponse.error(400, "type", "no driver for type \"" + device.type() + "\" is installed"));
        }
        CompletableFuture<CheckResult> check = services.monitor().checkOnce(device);
        return within(check, testTimeout.toMillis(), result -> ApiResponse.ok(
                Map.of("id", device.id(), "result", DeviceView.result(result))), failure -> {
                    if (failure instanceof TimeoutException) {
                        check.cancel(true);
                        return ApiResponse.error(504, "", "no result within " + testTimeout.toSeconds() + " s");
                    }
                    return ApiResponse.error(500, "", "check failed: " + failure);
                });
    }

    CompletableFuture<ApiResponse> discover(String type, ApiRequest req) {
        DeviceDiscovery discovery = services.discoveries().get().get(type);
        if (discovery == null) {
            return CompletableFuture.completedFuture(
                    ApiResponse.error(404, "type", "no discovery for type \"" + type + "\""));
        }
        Map<String, Object> b = req.body().length == 0 ? new LinkedHashMap<>() : JsonBody.object(req.body());
        List<Map<String, Object>> errors = new ArrayList<>();
        int seconds = SiteEndpoints.integer(b, "duration_s", 3, errors);
        if (!errors.isEmpty()) {
            throw new BadRequest(errors);
        }
        if (seconds < 1 || seconds > MAX_DISCOVERY_S) {
            throw new BadRequest("duration_s", "must be between 1 and " + MAX_DISCOVERY_S);
        }
        return within(discovery.discover(Duration.ofSeconds(seconds)),
                TimeUnit.SECONDS.toMillis(seconds + DISCOVERY_GRACE_S), this::found,
                failure -> ApiResponse.error(502, "", "discovery failed: " + failure));
    }

    private ApiResponse found(List<DiscoveredDevice> found) {
        List<Device> configured = services.config().current().devices();
        List<Map<String, Object>> list = new ArrayList<>();
        for (DiscoveredDevice d : found) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", d.type());
            m.put("host", d.host());
            m.put("port", d.port());
            m.put("label", d.label());
            m.put("configured_id", configured.stream()
                    .filter(c -> c.type().equals(d.type()) && c.host().equals(d.host()) && c.portOr(d.port()) == d.port())
                    .map(Device::id).findFirst().orElse(null));
            list.add(m);
        }
        return ApiResponse.ok(Map.of("found", list));
    }

    /** The answer built from {@code work}'s outcome, or from a {@link TimeoutException} after {@code millis}. */
    private static <T> CompletableFuture<ApiResponse> within(CompletableFuture<T> work, long millis,
                                                             Function<T, ApiResponse> onResult,
                                                             Function<Throwable, ApiResponse> onFailure) {
        // a copy: the time limit must not complete the driver's own future (it is cancelled instead)
        return work.copy().orTimeout(millis, TimeUnit.MILLISECONDS).handle((result, failure) -> {
            if (failure == null) {
                return onResult.apply(result);
            }
            return onFailure.apply(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
        });
    }
}
