package org.avmonitoring.agent.webui;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.backend.BackendLink;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.backend.ConfigSync;
import org.avmonitoring.agent.api.backend.ConfigSyncStatus;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.DuplicateDeviceException;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.api.config.UnknownDeviceException;
import org.avmonitoring.agent.api.driver.DeviceDiscovery;
import org.avmonitoring.agent.api.driver.DiscoveredDevice;
import org.avmonitoring.agent.api.monitor.CollectorStats;
import org.avmonitoring.agent.api.monitor.DeviceState;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api} (documented in {@code docs/api.md}), as a plain function from request to response.
 * Security checks happen before, in {@link RequestGuard}; the live stream ({@code /api/events}) is served by the
 * servlet from the {@link EventHub}.
 */
public final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    /**
     * Request and response bodies: objects read as LinkedHashMap, a repeated key keeps its last value; null members
     * are written ({@code "state": null} for a device not checked yet).
     */
    static final JSON JSON_TEXT = JSON.builder()
            .disable(JSON.Feature.USE_DEFERRED_MAPS, JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES)
            .build();
    private static final Pattern DEVICE = Pattern.compile("/api/devices/([^/]+)");
    private static final Pattern DEVICE_ACTION = Pattern.compile("/api/devices/([^/]+)/(test|history)");
    private static final Pattern DISCOVERY = Pattern.compile("/api/discovery/([^/]+)");
    private static final Pattern CONFIG_PATH_PREFIX = Pattern.compile("^devices\\[\\d+\\]\\.?");
    private static final int MAX_DISCOVERY_S = 30;

    /** The services the API reads and changes; the optional ones may answer null (or an empty map) at any time. */
    public record Services(ConfigService config, MonitorService monitor, Supplier<BackendLink> backendLink,
                           Supplier<ConfigSync> configSync, Supplier<Map<String, DeviceDiscovery>> discoveries,
                           Supplier<List<Map<String, Object>>> bundles, String version) {
    }

    private final Services services;
    private final UiAuth auth;
    private final Duration testTimeout;

    public ApiRouter(Services services, UiAuth auth, Duration testTimeout) {
        this.services = services;
        this.auth = auth;
        this.testTimeout = testTimeout;
    }

    public ApiResponse handle(ApiRequest req) {
        try {
            return route(req);
        } catch (BadRequest e) {
            return ApiResponse.error(400, e.field, e.getMessage());
        } catch (ConfigValidationException e) {
            return refused(e);
        } catch (RuntimeException e) {
            // A fault of ours or of a service (config file not writable): the page gets JSON it can show, not HTML.
            LOG.error("web UI: {} {} failed", req.method(), req.path(), e);
            return ApiResponse.error(500, "", "internal error: " + e.getMessage());
        }
    }

    private ApiResponse route(ApiRequest req) throws ConfigValidationException {
        String path = req.path();
        String m = req.method();
        switch (path) {
            case "/api/session":
                return only(m, "GET", () -> ApiResponse.ok(auth.sessionInfo(req)));
            case "/api/login":
                return only(m, "POST", () -> login(req));
            case "/api/logout":
                return only(m, "POST", () -> auth.logout(req));
            case "/api/devices":
                if (m.equals("GET")) {
                    return ApiResponse.ok(devices(req));
                }
                return only(m, "POST", () -> addDevice(req));
            case "/api/devices/test":
                return only(m, "POST", () -> testUnsaved(req));
            case "/api/site":
                if (m.equals("GET")) {
                    return ApiResponse.ok(site(services.config().current().settings()));
                }
                return only(m, "PUT", () -> updateSite(req));
            case "/api/health":
                return only(m, "GET", () -> ApiResponse.ok(health()));
            case "/api/discovery":
                return only(m, "GET", () -> ApiResponse.ok(Map.of("types",
                        new TreeSet<>(services.discoveries().get().keySet()))));
            default:
                break;
        }
        Matcher action = DEVICE_ACTION.matcher(path);
        if (action.matches()) {
            String id = action.group(1);
            return action.group(2).equals("test")
                    ? only(m, "POST", () -> testSaved(id))
                    : only(m, "GET", () -> history(id));
        }
        Matcher device = DEVICE.matcher(path);
        if (device.matches()) {
            String id = device.group(1);
            switch (m) {
                case "GET": return ApiResponse.ok(deviceView(stored(id)));
                case "PUT": return updateDevice(id, req);
                case "DELETE": return deleteDevice(id);
                default: return notAllowed(m);
            }
        }
        Matcher discovery = DISCOVERY.matcher(path);
        if (discovery.matches()) {
            return only(m, "POST", () -> discover(discovery.group(1), req));
        }
        return ApiResponse.error(404, "", "no API endpoint " + path);
    }

    // ---- devices

    private Map<String, Object> devices(ApiRequest req) {
        Map<String, DeviceState> states = new LinkedHashMap<>();
        for (DeviceState s : services.monitor().states()) {
            states.put(s.device().id(), s);
        }
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        String onlyStatus = req.query().get("status");
        String onlyType = req.query().get("type");
        List<Map<String, Object>> list = new ArrayList<>();
        for (Device d : services.config().current().devices()) {
            DeviceState state = states.get(d.id());
            Status status = state == null ? Status.UNKNOWN : state.status();
            counts.merge(status, 1, Integer::sum);
            if ((onlyStatus == null || onlyStatus.equals(status.wireName())) && (onlyType == null || onlyType.equals(d.type()))) {
                list.add(DeviceView.device(services.config(), d, state));
            }
        }
        Map<String, Object> countsJson = new LinkedHashMap<>();
        counts.forEach((k, v) -> countsJson.put(k.wireName(), v));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", list);
        out.put("counts", countsJson);
        return out;
    }

    private Map<String, Object> deviceView(Device d) {
        return DeviceView.device(services.config(), d, services.monitor().state(d.id()).orElse(null));
    }

    private ApiResponse addDevice(ApiRequest req) throws ConfigValidationException {
        Device device = parseLocal(body(req));
        services.config().addDevice(device);
        return ApiResponse.status(201, deviceView(stored(device.id())));
    }

    private ApiResponse updateDevice(String id, ApiRequest req) throws ConfigValidationException {
        Device old = writable(id);
        Map<String, Object> merged = SecretMerge.keepStoredSecrets(body(req), services.config().toJson(old));
        merged.putIfAbsent("id", id);
        Device device = parseLocal(merged);
        services.config().updateDevice(id, device);
        return ApiResponse.ok(deviceView(stored(device.id())));
    }

    private ApiResponse deleteDevice(String id) throws ConfigValidationException {
        writable(id);
        services.config().removeDevice(id);
        return ApiResponse.noContent();
    }

    /** Backend devices are read-only here: config sync would overwrite a local change at its next run. */
    private Device writable(String id) throws ConfigValidationException {
        Device d = stored(id);
        if (d.source() == DeviceSource.BACKEND) {
            throw new ReadOnly(id);
        }
        return d;
    }

    private Device stored(String id) throws UnknownDeviceException {
        return services.config().current().device(id)
                .orElseThrow(() -> new UnknownDeviceException("web UI", id));
    }

    /** A device from a form: only local devices are created or edited here; UI-only keys are dropped. */
    private Device parseLocal(Map<String, Object> json) throws ConfigValidationException {
        Object source = json.remove("source");
        if (source != null && !DeviceSource.LOCAL.wireName().equals(source)) {
            throw new BadRequest("source", "only config sync creates backend devices; use \"local\" or leave it out");
        }
        json.remove("read_only");
        json.remove("state");
        return services.config().parseDevice(json, DeviceSource.LOCAL);
    }

    private ApiResponse history(String id) throws UnknownDeviceException {
        stored(id);
        return ApiResponse.ok(DeviceView.history(id, services.monitor().history(id)));
    }

    // ---- test now

    private ApiResponse testSaved(String id) throws UnknownDeviceException {
        SiteConfig current = services.config().current();
        return check(current.effective(stored(id)));
    }

    /** "Test now" on a form before saving; masked secrets of an existing device with the same id are filled in. */
    private ApiResponse testUnsaved(ApiRequest req) throws ConfigValidationException {
        Map<String, Object> json = body(req);
        SiteConfig current = services.config().current();
        Optional<Device> existing = Optional.ofNullable(json.get("id")).map(String::valueOf).flatMap(current::device);
        if (existing.isPresent()) {
            json = SecretMerge.keepStoredSecrets(json, services.config().toJson(existing.get()));
        }
        Device device = parseLocal(json);
        List<ValidationProblem> problems = services.config().validateDevice(device);
        if (!problems.isEmpty()) {
            throw new ConfigValidationException("web UI", problems);
        }
        return check(current.effective(device));
    }

    private ApiResponse check(Device device) {
        if (!services.monitor().driverTypes().contains(device.type())) {
            return ApiResponse.error(400, "type", "no driver for type \"" + device.type() + "\" is installed");
        }
        CompletableFuture<CheckResult> future = services.monitor().checkOnce(device);
        try {
            return ApiResponse.ok(Map.of("id", device.id(),
                    "result", DeviceView.result(future.get(testTimeout.toMillis(), TimeUnit.MILLISECONDS))));
        } catch (TimeoutException e) {
            future.cancel(true);
            return ApiResponse.error(504, "", "no result within " + testTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return ApiResponse.error(500, "", "check failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.error(503, "", "interrupted");
        }
    }

    // ---- site settings

    static Map<String, Object> site(SiteSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site_name", s.siteName());
        out.put("backend_url", s.backendUrl());
        out.put("site_token_set", !s.siteToken().isEmpty());
        out.put("standalone", s.standalone());
        out.put("collect_interval_s", s.collectIntervalS());
        out.put("report_interval_ok_s", s.reportIntervalOkS());
        out.put("report_interval_ko_s", s.reportIntervalKoS());
        out.put("config_sync_interval_s", s.configSyncIntervalS());
        return out;
    }

    /** Absent keys keep their value; the token is write-only: empty or the mask keeps the stored one. */
    private ApiResponse updateSite(ApiRequest req) throws ConfigValidationException {
        Map<String, Object> b = body(req);
        b.remove("site_token_set");
        b.remove("standalone");
        SiteSettings s = services.config().current().settings();
        String token = text(b, "site_token", "");
        Secret newToken = token.isEmpty() || token.equals(Secrets.MASK) ? s.siteToken() : Secret.of(token);
        SiteSettings updated = new SiteSettings(
                text(b, "site_name", s.siteName()), newToken, text(b, "backend_url", s.backendUrl()),
                integer(b, "collect_interval_s", s.collectIntervalS()),
                integer(b, "report_interval_ok_s", s.reportIntervalOkS()),
                integer(b, "report_interval_ko_s", s.reportIntervalKoS()),
                integer(b, "config_sync_interval_s", s.configSyncIntervalS()));
        b.keySet().removeAll(List.of("site_token", "site_name", "backend_url", "collect_interval_s",
                "report_interval_ok_s", "report_interval_ko_s", "config_sync_interval_s"));
        if (!b.isEmpty()) {
            String unknown = b.keySet().iterator().next();
            throw new BadRequest(unknown, "unknown site setting");
        }
        return ApiResponse.ok(site(services.config().updateSettings(updated).settings()));
    }

    private static String text(Map<String, Object> b, String key, String fallback) {
        Object v = b.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String)) {
            throw new BadRequest(key, "must be a string");
        }
        return ((String) v).trim();
    }

    private static int integer(Map<String, Object> b, String key, int fallback) {
        Object v = b.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer) {
            return (Integer) v;
        }
        if (v instanceof String && ((String) v).trim().matches("\\d{1,9}")) {
            return Integer.parseInt(((String) v).trim());
        }
        throw new BadRequest(key, "must be a whole number of seconds");
    }

    // ---- health

    private Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", services.version());
        out.put("config_file", String.valueOf(services.config().file()));
        out.put("drivers", new TreeSet<>(services.monitor().driverTypes()));
        out.put("discovery", new TreeSet<>(services.discoveries().get().keySet()));
        out.put("collector", collector(services.monitor().stats()));
        BackendLink link = services.backendLink().get();
        out.put("backend_link", link == null ? null : backendLink(link.status()));
        ConfigSync sync = services.configSync().get();
        out.put("config_sync", sync == null ? null : configSync(sync.status()));
        out.put("bundles", services.bundles().get());
        return out;
    }

    private static Map<String, Object> collector(CollectorStats s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices_monitored", s.devicesMonitored());
        Map<String, Object> byStatus = new LinkedHashMap<>();
        for (Status st : Status.values()) {
            byStatus.put(st.wireName(), s.devicesByStatus().getOrDefault(st, 0));
        }
        out.put("devices_by_status", byStatus);
        out.put("checks_total", s.checksTotal());
        out.put("checks_failed", s.checksFailed());
        out.put("checks_in_flight", s.checksInFlight());
        out.put("last_collection_ms", s.lastCollectionMs());
        out.put("average_collection_ms", s.averageCollectionMs());
        return out;
    }

    private static Map<String, Object> backendLink(BackendLinkStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        out.put("last_success", str(s.lastSuccess()));
        out.put("last_attempt", str(s.lastAttempt()));
        out.put("last_error", s.lastError());
        out.put("batches_buffered", s.batchesBuffered());
        out.put("bytes_buffered", s.bytesBuffered());
        out.put("batches_dropped", s.batchesDropped());
        return out;
    }

    private static Map<String, Object> configSync(ConfigSyncStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("last_attempt", str(s.lastAttempt()));
        out.put("last_success", str(s.lastSuccess()));
        out.put("last_change", str(s.lastChange()));
        out.put("last_error", s.lastError());
        out.put("applied_md5", s.appliedMd5());
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    // ---- discovery

    private ApiResponse discover(String type, ApiRequest req) {
        DeviceDiscovery discovery = services.discoveries().get().get(type);
        if (discovery == null) {
            return ApiResponse.error(404, "type", "no discovery for type \"" + type + "\"");
        }
        Map<String, Object> b = req.body().length == 0 ? new LinkedHashMap<>() : body(req);
        int seconds = integer(b, "duration_s", 3);
        if (seconds < 1 || seconds > MAX_DISCOVERY_S) {
            throw new BadRequest("duration_s", "must be between 1 and " + MAX_DISCOVERY_S);
        }
        List<DiscoveredDevice> found;
        try {
            found = discovery.discover(Duration.ofSeconds(seconds)).get(seconds + 5L, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return ApiResponse.error(502, "", "discovery failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.error(503, "", "interrupted");
        }
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

    // ---- session

    private ApiResponse login(ApiRequest req) {
        Object password = body(req).get("password");
        if (!(password instanceof String)) {
            throw new BadRequest("password", "missing");
        }
        return auth.login((String) password);
    }

    // ---- helpers

    private interface Handler {
        ApiResponse run() throws ConfigValidationException;
    }

    private static ApiResponse only(String method, String allowed, Handler handler) throws ConfigValidationException {
        return method.equals(allowed) ? handler.run() : notAllowed(method).withHeader("Allow", allowed);
    }

    private static ApiResponse notAllowed(String method) {
        return ApiResponse.error(405, "", "method " + method + " not allowed here");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ApiRequest req) {
        try {
            if (!(JSON_TEXT.anyFrom(req.body()) instanceof Map<?, ?> m)) {
                throw new BadRequest("", "the body must be a JSON object");
            }
            return (Map<String, Object>) m;
        } catch (JsonProcessingException e) {
            // where, not what: the parser quotes the source text, which may be a password
            JsonLocation at = e.getLocation();
            throw new BadRequest("", "the body must be a JSON object (malformed JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")");
        } catch (IOException e) {
            throw new BadRequest("", "unreadable body");
        }
    }

    private static ApiResponse refused(ConfigValidationException e) {
        int status = e instanceof ReadOnly || e instanceof DuplicateDeviceException ? 409
                : e instanceof UnknownDeviceException ? 404 : 400;
        Function<ValidationProblem, Map<String, Object>> toJson = p ->
                ApiResponse.fieldError(CONFIG_PATH_PREFIX.matcher(p.path()).replaceFirst(""), p.message());
        return ApiResponse.errors(status, e.problems().stream().map(toJson).toList());
    }

    /** Invalid input found here (not by the config service): 400 with the field. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;

        BadRequest(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private static final class ReadOnly extends ConfigValidationException {
        private static final long serialVersionUID = 1L;

        ReadOnly(String id) {
            super("web UI", List.of(new ValidationProblem("source",
                    "device \"" + id + "\" comes from the backend: change it there (read-only on site)")));
        }
    }
}
