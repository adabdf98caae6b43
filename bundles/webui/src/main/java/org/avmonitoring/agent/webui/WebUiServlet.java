package org.avmonitoring.agent.webui;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.backend.BackendLink;
import org.avmonitoring.agent.api.backend.ConfigSync;
import org.avmonitoring.agent.api.config.ConfigListener;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.driver.DeviceDiscovery;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverCatalog;
import org.avmonitoring.agent.api.monitor.MonitorService;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.avmonitoring.agent.api.monitor.ResultListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet of the local UI: pages at {@code /}, the API at {@code /api/*}. A thin adapter: every request goes
 * through the {@link RequestGuard}, then to the {@link ApiRouter}, the live stream or the packaged assets. It is also
 * the result and config listener that feeds the live stream.
 */
@Component(service = {Servlet.class, ResultListener.class, ConfigListener.class})
@HttpWhiteboardServletPattern({"/", "/api/*"})
@HttpWhiteboardServletName("avmonitoring-webui")
@HttpWhiteboardServletAsyncSupported
@Designate(ocd = WebUiServlet.Config.class)
public class WebUiServlet extends HttpServlet implements ResultListener, ConfigListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebUiServlet.class);
    /** The most time a request body may take to arrive, however steadily it trickles. */
    private static final Duration BODY_TIME = Duration.ofSeconds(20);
    /** Bodies read at once (each up to {@link BodyRules#MAX_BYTES} in memory); more are refused with 503. */
    private static final int MAX_BODY_READS = 16;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final String PAGE_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @ObjectClassDefinition(name = "avmonitoring web UI",
            description = "The local UI on the agent's HTTP port (the password is set at install, not here).")
    public @interface Config {
        @AttributeDefinition(name = "Live clients", description = "Browsers connected to the live stream at once; "
                + "each holds one HTTP thread, keep it well under the Jetty thread pool.")
        int max_event_clients() default 4;

        @AttributeDefinition(name = "Live queue", description = "Events buffered per live client before that slow "
                + "client is dropped (it then reconnects and reloads).")
        int event_queue_size() default 512;

        @AttributeDefinition(name = "Session idle timeout (minutes)", description = "With a UI password: a session "
                + "unused this long must log in again.")
        int session_idle_minutes() default 480;

        @AttributeDefinition(name = "Test timeout (s)", description = "How long \"test now\" waits for a result.")
        int test_timeout_s() default 30;
    }

    @Reference
    private ConfigService config;
    @Reference
    private MonitorService monitor;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BackendLink backendLink;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigSync configSync;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DriverCatalog driverCatalog;

    private final Map<String, DeviceDiscovery> discoveries = new ConcurrentHashMap<>();
    private transient BundleContext context;
    private transient RequestGuard guard;
    private transient ApiRouter router;
    private transient EventHub hub;
    private transient StaticAssets assets;
    private final transient Semaphore bodyReads = new Semaphore(MAX_BODY_READS);
    private transient DriversApi driversApi;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDiscovery(DeviceDiscovery discovery, Map<String, Object> props) {
        Object type = props.get(DeviceDriver.TYPE);
        if (type != null) {
            discoveries.put(type.toString(), discovery);
        }
    }

    void unbindDiscovery(DeviceDiscovery discovery, Map<String, Object> props) {
        discoveries.values().remove(discovery);
    }

    @Activate
    void activate(BundleContext ctx, Config cfg) {
        this.context = ctx;
        UiAuth auth = new UiAuth(ctx.getProperty("avmonitoring.ui.password"),
                Duration.ofMinutes(Math.max(1, cfg.session_idle_minutes())), Clock.systemUTC());
        if (!auth.passwordSettingValid()) {
            LOG.error("avmonitoring.ui.password is not of the form {sha-256}<base64 of SHA-256>: the UI refuses every login");
        }
        String version = Optional.ofNullable(ctx.getProperty("avmonitoring.version")).orElse("unknown");
        ApiRouter.Services services = new ApiRouter.Services(config, monitor, () -> backendLink, () -> configSync,
                () -> Collections.unmodifiableMap(discoveries), this::bundles, version);
        this.guard = new RequestGuard(auth);
        this.router = new ApiRouter(services, auth, Duration.ofSeconds(Math.max(1, cfg.test_timeout_s())));
        this.hub = new EventHub(Math.max(1, cfg.max_event_clients()), Math.max(16, cfg.event_queue_size()));
        this.assets = new StaticAssets(WebUiServlet.class.getClassLoader());
        this.driversApi = new DriversApi(() -> driverCatalog, () -> Collections.unmodifiableMap(discoveries));
        LOG.info("web UI ready (password {})", auth.passwordRequired() ? "required" : "not set");
    }

    @Deactivate
    void deactivate() {
        hub.closeAll();
    }

    @Override
    public void resultRecorded(Device device, CheckResult result, CheckResult previous) {
        recorded(device, Recorded.observed(result), previous == null ? null : Recorded.observed(previous));
    }

    @Override
    public void recorded(Device device, Recorded now, Recorded previous) {
        if (hub.clients() == 0) {
            return; // called for every check of every device: build the event only when a browser will get it
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", device.id());
        event.put("result", DeviceView.result(now));
        event.put("status_changed", previous == null || previous.result().status() != now.result().status());
        hub.publish("result", event);
    }

    @Override
    public void configChanged(SiteConfig previous, SiteConfig current) {
        hub.publish("config", Map.of("devices", current.devices().size()));
    }

    private List<Map<String, Object>> bundles() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("symbolic_name", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", stateName(b.getState()));
            out.add(m);
        }
        return out;
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.ACTIVE: return "active";
            case Bundle.RESOLVED: return "resolved";
            case Bundle.STARTING: return "starting";
            case Bundle.STOPPING: return "stopping";
            case Bundle.INSTALLED: return "installed";
            default: return "uninstalled";
        }
    }

    @Override
    protected void service(HttpServletRequest hreq, HttpServletResponse hres) throws IOException {
        hres.setHeader("X-Content-Type-Options", "nosniff");
        hres.setHeader("X-Frame-Options", "DENY");
        hres.setHeader("Referrer-Policy", "no-referrer");
        String path = hreq.getRequestURI().substring(hreq.getContextPath().length());
        // every rule is decided on the headers, before a byte of the body is read
        ApiRequest req;
        try {
            req = new ApiRequest(hreq.getMethod(), path, queryOf(hreq), null, headersOf(hreq), cookiesOf(hreq));
        } catch (RuntimeException e) {
            // the container's own refusal (a query it cannot decode): in the API's error shape, not its HTML page
            write(hres, ApiResponse.error(400, "", "malformed request: " + e.getMessage()));
            return;
        }
        ApiResponse refusal = guard.check(req);
        if (refusal == null && path.startsWith("/api/")) {
            refusal = BodyRules.check(req, hreq.getContentLengthLong());
        }
        if (refusal != null) {
            LOG.info("web UI refused {} {} from {}: {}", req.method(), path, hreq.getRemoteAddr(), refusal.status());
            write(hres, refusal);
        } else if (path.equals("/api/events") && req.method().equals("GET")) {
            stream(hres);
        } else if (path.equals(DriversApi.PATH)) {
            write(hres, driversApi.handle(req));
        } else if (!path.startsWith("/api/")) {
            page(req, hres);
        } else if (!BodyRules.hasBody(req, hreq.getContentLengthLong())) {
            answer(hreq, hres, req);
        } else if (!bodyReads.tryAcquire()) {
            write(hres, ApiResponse.error(503, "", "too many requests sending a body at once: retry")
                    .withHeader("Retry-After", "5"));
        } else {
            try {
                readBodyThenAnswer(hreq, req);
            } catch (IOException | RuntimeException e) {
                bodyReads.release();
                throw e;
            }
        }
    }

    /** Reads the body asynchronously (no thread waits for a slow client), then answers. */
    private void readBodyThenAnswer(HttpServletRequest hreq, ApiRequest req) throws IOException {
        AsyncContext async = hreq.startAsync();
        async.setTimeout(0); // bounded by the body's time limit, the idle timeout and each endpoint's own limit
        String client = hreq.getRemoteAddr();
        BodyReader.read(hreq.getInputStream(), BodyRules.MAX_BYTES, BODY_TIME, new BodyReader.Outcome() {
            @Override
            public void body(byte[] body) {
                bodyReads.release();
                complete(async, router.handle(req.withBody(body)));
            }

            @Override
            public void refused(int status, String reason) {
                bodyReads.release();
                complete(async, CompletableFuture.completedFuture(ApiResponse.error(status, "", reason)));
            }
        }, why -> LOG.info("web UI: {} {} from {}: body aborted ({})", req.method(), req.path(), client, why));
    }

    /** Answers at once when the router has, else asynchronously when its future completes. */
    private void answer(HttpServletRequest hreq, HttpServletResponse hres, ApiRequest req) throws IOException {
        CompletableFuture<ApiResponse> answer = router.handle(req);
        if (answer.isDone()) {
            write(hres, answer.join());
        } else {
            AsyncContext async = hreq.startAsync();
            async.setTimeout(0); // every waiting endpoint has its own time limit
            complete(async, answer);
        }
    }

    private static void complete(AsyncContext async, CompletableFuture<ApiResponse> answer) {
        answer.whenComplete((response, failure) -> {
            try {
                write((HttpServletResponse) async.getResponse(),
                        failure == null ? response : ApiResponse.error(500, "", "internal error"));
            } catch (IOException | RuntimeException e) {
                LOG.debug("web UI: answer not delivered: {}", e.toString());
            } finally {
                async.complete();
            }
        });
    }

    private void page(ApiRequest req, HttpServletResponse hres) throws IOException {
        Optional<StaticAssets.Asset> asset = assets.get(req.path());
        if (asset.isEmpty() || !(req.method().equals("GET") || req.method().equals("HEAD"))) {
            hres.sendError(404);
            return;
        }
        hres.setContentType(asset.get().contentType());
        hres.setHeader("Cache-Control", "no-cache");
        hres.setHeader("Content-Security-Policy", PAGE_POLICY);
        hres.setContentLength(asset.get().bytes().length);
        if (req.method().equals("GET")) {
            hres.getOutputStream().write(asset.get().bytes());
        }
    }

    /** Server-Sent Events until the client goes, is dropped for being slow, or the component stops. */
    private void stream(HttpServletResponse hres) throws IOException {
        EventHub.Subscription sub = hub.subscribe();
        if (sub == null) {
            // a browser's EventSource sees neither status nor body of a refusal: tell it in the stream, then end
            hres.setContentType("text/event-stream; charset=utf-8");
            hres.setHeader("Cache-Control", "no-store");
            hres.getOutputStream().write(hub.refusal().getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (sub) {
            hres.setContentType("text/event-stream; charset=utf-8");
            hres.setHeader("Cache-Control", "no-store");
            OutputStream out = hres.getOutputStream();
            out.write("retry: 3000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
            hres.flushBuffer();
            while (!sub.closed()) {
                String frame = sub.next(KEEP_ALIVE);
                if (frame == null && sub.closed()) {
                    break;
                }
                out.write((frame == null ? ": keep-alive\n\n" : frame).getBytes(StandardCharsets.UTF_8));
                hres.flushBuffer();
            }
        } catch (IOException e) {
            LOG.debug("live stream client gone: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(HttpServletResponse hres, ApiResponse r) throws IOException {
        JsonAnswer.write(hres, r);
    }

    private static Map<String, String> queryOf(HttpServletRequest hreq) {
        Map<String, String> q = new LinkedHashMap<>();
        hreq.getParameterMap().forEach((k, v) -> q.put(k, v.length == 0 ? "" : v[0]));
        return q;
    }

    private static Map<String, String> headersOf(HttpServletRequest hreq) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : Collections.list(hreq.getHeaderNames())) {
            h.put(name, hreq.getHeader(name));
        }
        return h;
    }

    private static Map<String, String> cookiesOf(HttpServletRequest hreq) {
        Map<String, String> c = new LinkedHashMap<>();
        if (hreq.getCookies() != null) {
            for (Cookie cookie : hreq.getCookies()) {
                c.putIfAbsent(cookie.getName(), cookie.getValue());
            }
        }
        return c;
    }
}
