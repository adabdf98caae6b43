package org.avmonitoring.agent.webui;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.backend.BackendLink;
import org.avmonitoring.agent.api.backend.ConfigSync;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.DuplicateDeviceException;
import org.avmonitoring.agent.api.config.UnknownDeviceException;
import org.avmonitoring.agent.api.driver.DeviceDiscovery;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api} (documented in {@code docs/api.md}): which endpoint and method a request goes to,
 * and how failures become the API's error shape. Security checks happen before, in {@link RequestGuard}; the live
 * stream ({@code /api/events}) is served by the servlet from the {@link EventHub}. Every answer is a future: most
 * are complete at once, "test now" and discovery complete when the network answers.
 */
public final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final Pattern CONFIG_PATH_PREFIX = Pattern.compile("^devices\\[\\d+\\]\\.?");

    /** The services the API reads and changes; the optional ones may answer null (or an empty map) at any time. */
    public record Services(ConfigService config, MonitorService monitor, Supplier<BackendLink> backendLink,
                           Supplier<ConfigSync> configSync, Supplier<Map<String, DeviceDiscovery>> discoveries,
                           Supplier<List<Map<String, Object>>> bundles, String version) {
    }

    /** An endpoint's answer to one method; {@code path} holds the path's groups (a device id, a type). */
    private interface Endpoint {
        CompletableFuture<ApiResponse> answer(ApiRequest req, Matcher path) throws ConfigValidationException;
    }

    /** An endpoint that answers at once. */
    private interface Immediate {
        ApiResponse answer(ApiRequest req, Matcher path) throws ConfigValidationException;
    }

    /** A path and its methods; the first route whose pattern matches the whole path serves it. */
    private record Route(Pattern path, Map<String, Endpoint> methods) {
        String allow() {
            return String.join(", ", new TreeSet<>(methods.keySet()));
        }
    }

    private final List<Route> routes;

    public ApiRouter(Services services, UiAuth auth, Duration testTimeout) {
        DeviceEndpoints devices = new DeviceEndpoints(services.config(), services.monitor());
        SiteEndpoints site = new SiteEndpoints(services.config());
        CheckEndpoints checks = new CheckEndpoints(services, devices, testTimeout);
        this.routes = List.of(
                route("/api/session", "GET", now((r, p) -> ApiResponse.ok(auth.sessionInfo(r)))),
                route("/api/login", "POST", now((r, p) -> login(auth, r))),
                route("/api/logout", "POST", now((r, p) -> auth.logout(r))),
                route("/api/devices", "GET", now((r, p) -> devices.list(r)), "POST", now((r, p) -> devices.add(r))),
                route("/api/devices/test", "POST", later((r, p) -> checks.testUnsaved(r))),
                route("/api/site", "GET", now((r, p) -> site.get()), "PUT", now((r, p) -> site.put(r))),
                route("/api/health", "GET", now((r, p) -> ApiResponse.ok(HealthView.of(services)))),
                route("/api/discovery", "GET", now((r, p) -> ApiResponse.ok(Map.of("types",
                        new TreeSet<>(services.discoveries().get().keySet()))))),
                route("/api/discovery/([^/]+)", "POST", later((r, p) -> checks.discover(p.group(1), r))),
                route("/api/devices/([^/]+)/test", "POST", later((r, p) -> checks.testSaved(p.group(1)))),
                route("/api/devices/([^/]+)/history", "GET", now((r, p) -> devices.history(p.group(1)))),
                route("/api/devices/([^/]+)/maintenance", "POST", now((r, p) -> devices.startMaintenance(p.group(1), r)),
                        "DELETE", now((r, p) -> devices.endMaintenance(p.group(1)))),
                route("/api/devices/([^/]+)", "GET", now((r, p) -> devices.get(p.group(1))),
                        "PUT", now((r, p) -> devices.update(p.group(1), r)),
                        "DELETE", now((r, p) -> devices.delete(p.group(1)))));
    }

    public CompletableFuture<ApiResponse> handle(ApiRequest req) {
        try {
            return route(req).exceptionally(e -> failed(req, e instanceof CompletionException ? e.getCause() : e));
        } catch (ConfigValidationException | RuntimeException e) {
            return CompletableFuture.completedFuture(failed(req, e));
        }
    }

    private CompletableFuture<ApiResponse> route(ApiRequest req) throws ConfigValidationException {
        for (Route route : routes) {
            Matcher m = route.path().matcher(req.path());
            if (m.matches()) {
                Endpoint endpoint = route.methods().get(req.method());
                return endpoint != null ? endpoint.answer(req, m) : CompletableFuture.completedFuture(
                        ApiResponse.error(405, "", "method " + req.method() + " not allowed here")
                                .withHeader("Allow", route.allow()));
            }
        }
        return CompletableFuture.completedFuture(ApiResponse.error(404, "", "no API endpoint " + req.path()));
    }

    private static ApiResponse failed(ApiRequest req, Throwable e) {
        if (e instanceof BadRequest bad) {
            return bad.response();
        }
        if (e instanceof ConfigValidationException refused) {
            return refused(refused);
        }
        // A fault of ours or of a service (config file not writable): the page gets JSON it can show, not HTML.
        LOG.error("web UI: {} {} failed", req.method(), req.path(), e);
        return ApiResponse.error(500, "", "internal error: " + e.getMessage());
    }

    private static ApiResponse refused(ConfigValidationException e) {
        int status = e instanceof DeviceEndpoints.ReadOnly || e instanceof DuplicateDeviceException ? 409
                : e instanceof UnknownDeviceException ? 404 : 400;
        return ApiResponse.errors(status, e.problems().stream().map(ApiRouter::fieldError).toList());
    }

    private static Map<String, Object> fieldError(ValidationProblem p) {
        return ApiResponse.fieldError(CONFIG_PATH_PREFIX.matcher(p.path()).replaceFirst(""), p.message());
    }

    private static ApiResponse login(UiAuth auth, ApiRequest req) {
        Object password = JsonBody.object(req.body()).get("password");
        if (!(password instanceof String)) {
            throw new BadRequest("password", "missing");
        }
        return auth.login((String) password);
    }

    /** An endpoint whose future completes when the network answers. */
    private static Endpoint later(Endpoint endpoint) {
        return endpoint;
    }

    private static Endpoint now(Immediate immediate) {
        return (r, p) -> CompletableFuture.completedFuture(immediate.answer(r, p));
    }

    private static Route route(String path, Object... methodsAndEndpoints) {
        Map<String, Endpoint> methods = new TreeMap<>();
        for (int i = 0; i < methodsAndEndpoints.length; i += 2) {
            methods.put((String) methodsAndEndpoints[i], (Endpoint) methodsAndEndpoints[i + 1]);
        }
        return new Route(Pattern.compile(path), Map.copyOf(methods));
    }
}
