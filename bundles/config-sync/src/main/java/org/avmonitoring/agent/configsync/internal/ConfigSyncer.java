package org.avmonitoring.agent.configsync.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.backend.ConfigSyncStatus;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.api.http.BackendAnswer;
import org.avmonitoring.agent.api.http.BackendHttp;
import org.avmonitoring.agent.api.http.BackendRequest;
import org.avmonitoring.agent.api.http.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls {@code GET {backend_url}/config/{site_token}} every {@code config_sync_interval_s} on its own thread (start-up
 * never waits for it). An answer whose MD5 differs from the last applied one is validated by the config service and
 * its devices replace the backend-owned ones; local devices stay. The token is part of the URL: every line that names
 * the URL masks it.
 */
final class ConfigSyncer implements AutoCloseable {
    static final String ORIGIN = "backend config";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSyncer.class);
    
    /** What a sync depends on in config.json. */
    private record Endpoint(String backendUrl, Secret token, int intervalS) {
        static Endpoint of(SiteSettings s) {
            return new Endpoint(s.backendUrl().trim(), s.siteToken(), Math.max(1, s.configSyncIntervalS()));
        }
    }

    private final ConfigService config;
    private final SyncOptions options;
    private final BackendHttp http;
    private final AppliedMd5 store;
    private final Backoff backoff;
    private final SyncTimer timer;

    private Endpoint endpoint;
    private volatile Instant lastAttempt;
    private volatile Instant lastSuccess;
    private volatile Instant lastChange;
    private volatile String lastError;
    private volatile String appliedMd5;
    private String rejectedMd5;
    private int lastStatusLogged;

    ConfigSyncer(ConfigService config, SyncOptions options, BackendHttp http, AppliedMd5 store, SyncTimer timer) {
        this.config = config;
        this.options = options;
        this.http = http;
        this.store = store;
        this.timer = timer;
        this.appliedMd5 = store.load();
        this.backoff = new Backoff(options.backoffMin(), Duration.ofDays(1), new Random());
    }

    /** First sync at once (in the background), then at the configured interval. */
    synchronized void start() {
        endpoint = Endpoint.of(config.current().settings());
        schedule(Duration.ZERO);
    }

    /** config.json changed: a new URL, token or interval takes effect now; other changes (ours included) do not. */
    synchronized void settingsChanged(SiteSettings settings) {
        Endpoint e = Endpoint.of(settings);
        if (e.equals(endpoint)) {
            return;
        }
        boolean moved = endpoint == null || !e.backendUrl().equals(endpoint.backendUrl()) || !e.token().equals(endpoint.token());
        endpoint = e;
        if (moved) {
            backoff.reset();
            schedule(Duration.ZERO);
        }
    }

    private void schedule(Duration delay) {
        timer.plan(this::run, delay);
    }

    private void run() {
        Endpoint before;
        synchronized (this) {
            before = endpoint;
        }
        Duration wait;
        try {
            wait = syncOnce();
        } catch (RuntimeException e) {
            LOG.error("config sync: unexpected failure, retrying later", e);
            lastError = "unexpected failure: " + e;
            wait = backoff.next();
        }
        Endpoint e;
        synchronized (this) {
            e = endpoint;
        }
        Duration interval = Duration.ofSeconds(e.intervalS());
        // settings changed while this sync ran: its answer may be for the old endpoint, so go again at once
        schedule(!e.equals(before) ? Duration.ZERO : wait.compareTo(interval) > 0 ? interval : wait);
    }

    /** One sync; returns the wait before the next. */
    private Duration syncOnce() {
        Endpoint e;
        synchronized (this) {
            e = endpoint;
        }
        Duration interval = Duration.ofSeconds(e.intervalS());
        if (e.backendUrl().isEmpty()) {
            return interval;
        }
        if (http.problem().isPresent()) {
            lastError = http.problem().get();
            return interval;
        }
        String maskedUrl = e.backendUrl() + "/config/" + Secrets.MASK;
        BackendRequest request = BackendRequest.get(e.backendUrl(),
                        "/config/" + URLEncoder.encode(e.token().reveal(), StandardCharsets.UTF_8), e.token(),
                        options.maxConfigBytes() + 1)
                .header("Accept", "application/json");
        lastAttempt = Instant.now();
        BackendAnswer answer;
        try {
            answer = http.exchange(request);
        } catch (IllegalArgumentException bad) {
            return failed("backend_url \"" + e.backendUrl() + "\" is not a usable http(s) URL", interval);
        } catch (IOException io) {
            return failed("GET " + maskedUrl + ": backend unreachable: " + masked(BackendHttp.describe(io), e.token()),
                    backoff.next());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return interval;
        }
        int code = answer.code();
        byte[] body = answer.body();
        if (code == 200) {
            if (body.length > options.maxConfigBytes()) {
                return rejected(null, "the answer is larger than " + options.maxConfigBytes() + " bytes", interval);
            }
            return received(body, interval);
        }
        String why = "GET " + maskedUrl + ": HTTP " + code + answer.excerpt(e.token());
        if (code == 404 || code == 401 || code == 403) {
            // the backend answered: retrying faster would not change its mind
            backoff.reset();
            if (code != lastStatusLogged) {
                LOG.warn("config sync: {}{}; the local configuration stays", why,
                        code == 404 ? " (no configuration for this site)" : " (site token refused)");
            }
            lastStatusLogged = code;
            lastError = why;
            return interval;
        }
        Duration wait = backoff.next();
        if (code == 429 || code == 503) {
            wait = answer.retryAfter(Instant.now()).orElse(wait);
        }
        return failed(why, wait);
    }

    private Duration received(byte[] body, Duration interval) {
        backoff.reset();
        lastStatusLogged = 200;
        String md5 = md5(body);
        if (md5.equals(appliedMd5)) {
            lastSuccess = Instant.now();
            lastError = null;
            LOG.debug("config sync: backend configuration unchanged (md5 {})", md5);
            return interval;
        }
        List<Device> devices;
        try {
            SiteConfig parsed = config.parse(body, ORIGIN);
            devices = new ArrayList<>();
            for (Device d : parsed.devices()) {
                devices.add(d.withSource(DeviceSource.BACKEND));
            }
        } catch (ConfigValidationException invalid) {
            return rejected(md5, masked(invalid.getMessage(), config.current().settings().siteToken()), interval);
        }
        Map<String, Device> before = backendDevices(config.current());
        try {
            config.replaceBackendDevices(devices);
        } catch (ConfigValidationException invalid) {
            return rejected(md5, masked(invalid.getMessage(), config.current().settings().siteToken()), interval);
        }
        appliedMd5 = md5;
        rejectedMd5 = null;
        try {
            store.store(md5);
        } catch (IOException io) {
            LOG.warn("config sync: applied, but cannot remember md5 {} ({}); it will be applied again after a restart",
                    md5, io.toString());
        }
        Instant now = Instant.now();
        lastSuccess = now;
        lastChange = now;
        lastError = null;
        LOG.info("config sync: applied backend configuration (md5 {}): {}", md5, summary(before, devices));
        return interval;
    }

    private static Map<String, Device> backendDevices(SiteConfig c) {
        Map<String, Device> out = new LinkedHashMap<>();
        c.devices().stream().filter(d -> d.source() == DeviceSource.BACKEND).forEach(d -> out.put(d.id(), d));
        return out;
    }

    /** "2 added (a, b), 1 changed (c), 0 removed" — ids only, never settings. */
    private static String summary(Map<String, Device> before, List<Device> after) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Map<String, Device> gone = new LinkedHashMap<>(before);
        for (Device d : after) {
            Device old = gone.remove(d.id());
            if (old == null) {
                added.add(d.id());
            } else if (!old.equals(d)) {
                changed.add(d.id());
            }
        }
        return part(added, "added") + ", " + part(changed, "changed") + ", " + part(new ArrayList<>(gone.keySet()), "removed");
    }

    private static String part(List<String> ids, String what) {
        return ids.size() + " " + what + (ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")");
    }

    /** The backend answered with something unusable: keep the current configuration, say why once per answer. */
    private Duration rejected(String md5, String why, Duration interval) {
        lastError = "backend configuration rejected: " + why;
        if (md5 == null || !md5.equals(rejectedMd5)) {
            LOG.error("config sync: backend configuration rejected (md5 {}), the current configuration is kept: {}",
                    md5 == null ? "-" : md5, why);
        }
        rejectedMd5 = md5;
        return interval;
    }

    private Duration failed(String why, Duration wait) {
        if (lastError == null || backoff.failures() <= 1) {
            LOG.warn("config sync: {}; keeping the local configuration, retrying in {}", why, Backoff.human(wait));
        } else {
            LOG.debug("config sync: {}; retrying in {}", why, Backoff.human(wait));
        }
        lastError = why;
        return wait;
    }

    /** Defence in depth: no text that reaches a log line or the status carries the token, raw or URL-encoded. */
    private static String masked(String text, Secret token) {
        if (text == null || token.isEmpty()) {
            return text;
        }
        return text.replace(token.reveal(), Secrets.MASK)
                .replace(URLEncoder.encode(token.reveal(), StandardCharsets.UTF_8), Secrets.MASK);
    }

    static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    ConfigSyncStatus status() {
        return new ConfigSyncStatus(lastAttempt, lastSuccess, lastChange, lastError, appliedMd5);
    }

    @Override
    public void close() {
        timer.close();
    }
}
