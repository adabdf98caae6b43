package org.avmonitoring.agent.driver.cisco.internal;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cisco RoomOS / CE codecs over the xAPI's HTTP interface. One {@link HttpClient} serves every codec: its single
 * selector thread does the I/O, two pool threads of our own run its callbacks, so there is no thread per device.
 *
 * <p>Java 17's HttpClient has no {@code close()}: on deactivation the driver completes every pending check, cancels
 * the requests in flight, shuts its own executor down and drops the client, whose selector thread then ends by
 * itself once the client is unreachable (the JDK's selector loop checks for that).
 */
@Component(service = DeviceDriver.class, property = DeviceDriver.TYPE + "=" + CiscoXapiDriver.TYPE_NAME)
@Designate(ocd = CiscoXapiDriver.Config.class)
public class CiscoXapiDriver implements DeviceDriver {

    static final String TYPE_NAME = "cisco-xapi";

    @ObjectClassDefinition(name = "avmonitoring Cisco xAPI driver",
            description = "Polls Cisco RoomOS / CE codecs' status over HTTPS.")
    public @interface Config {
        @AttributeDefinition(name = "Retry after failed authentication (s)", min = "0",
                description = "After an HTTP 401 the codec is not asked again with the same password for this long:"
                        + " repeated failed logins lock codec accounts. A new password is tried at once.")
        int authRetryS() default 300;

        @AttributeDefinition(name = "Simultaneous polls", min = "1", max = "1024",
                description = "Polls beyond this wait, within their deadline, for one to end.")
        int maxConcurrentPolls() default 32;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CiscoXapiDriver.class);

    /** A 401 remembered: the password it was for (hashed) and until when it is not retried. */
    private record AuthFailure(int passwordHash, long untilNanos) {
    }

    /** What the trust of a device's endpoint was last set from. */
    private record TrustSource(String endpoint, String pin, String caFile) {
    }

    private final Map<String, CompletableFuture<CheckResult>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AuthFailure> authFailures = new ConcurrentHashMap<>();
    private final Map<String, TrustSource> trustSources = new ConcurrentHashMap<>();
    private volatile Config config;
    private volatile boolean stopping;
    private ThreadPoolExecutor executor;
    private EndpointTrust trust;
    private SSLContext tls;
    private volatile HttpClient client;
    private volatile PollGate gate;

    @Activate
    void activate(BundleContext context, Config config) throws GeneralSecurityException {
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        // Bounded by the polls in flight: one request per codec at a time.
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "cisco-xapi-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        this.gate = new PollGate(config.maxConcurrentPolls());
        this.trust = new EndpointTrust();
        this.tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.asArray(), null);
        this.client = HttpClient.newBuilder().executor(executor).sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30)).build();
        LOG.info("Cisco xAPI driver started");
    }

    @Modified
    void modified(Config newConfig) {
        this.config = newConfig;
        // Polls already admitted or waiting finish through the gate they entered.
        this.gate = new PollGate(newConfig.maxConcurrentPolls());
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        Instant now = Instant.now();
        // Each completed check cancels its request in flight (see check).
        inFlight.values().forEach(f -> f.complete(CheckResult.unknown(now, "Cisco xAPI driver stopped")));
        executor.shutdownNow();
        client = null;
        LOG.info("Cisco xAPI driver stopped");
    }

    @Override
    public DriverDescription description() {
        return CodecDescription.DESCRIPTION;
    }

    @Override
    public List<ValidationProblem> validate(Device device) {
        return CodecSettings.validate(device);
    }

    @Override
    public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
        Instant startedAt = Instant.now();
        List<ValidationProblem> problems = validate(device);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.invalidSettings(startedAt, problems));
        }
        HttpClient c = client;
        if (stopping || c == null) {
            return CompletableFuture.completedFuture(CheckResult.unknown(startedAt, "Cisco xAPI driver stopped"));
        }
        CompletableFuture<CheckResult> running = inFlight.get(device.id());
        if (running != null) {
            // One exchange per codec at a time: a second check shares the first's answer.
            return running.copy();
        }
        CodecSettings settings = CodecSettings.of(device);
        CheckResult refused = refusal(device.id(), settings, startedAt);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        CodecPoll poll = new CodecPoll(c, settings, startedAt);
        CompletableFuture<CheckResult> future = new CompletableFuture<>();
        inFlight.put(device.id(), future);
        future.whenComplete((r, e) -> {
            inFlight.remove(device.id(), future);
            // Cancelled, past its deadline or the driver stopping: the request still in flight is dropped.
            poll.cancel();
        });
        long deadlineMs = Math.max(1, deadline.toMillis());
        future.completeOnTimeout(CheckResult.ko(startedAt, "deadline of " + deadlineMs + " ms passed"),
                deadlineMs, TimeUnit.MILLISECONDS);
        PollGate g = gate;
        g.submit(() -> {
            if (future.isDone()) {
                return false;
            }
            poll.run().thenAccept(r -> {
                rememberAuth(device.id(), settings, r);
                future.complete(r);
            }).whenComplete((v, e) -> g.done());
            return true;
        });
        return future;
    }

    /** A result without asking the codec: a recent 401 for the same password, or an unusable CA file. */
    private CheckResult refusal(String deviceId, CodecSettings settings, Instant now) {
        AuthFailure failed = authFailures.get(deviceId);
        if (failed != null) {
            if (failed.passwordHash() == settings.password().hashCode() && System.nanoTime() < failed.untilNanos()) {
                return CheckResult.ko(now, CodecPoll.AUTH_FAILED + " (not retried for "
                        + config.authRetryS() + " s with the same password, so as not to lock the account)");
            }
            authFailures.remove(deviceId, failed);
        }
        try {
            applyTrust(deviceId, settings);
        } catch (XapiException e) {
            return CheckResult.ko(now, e.getMessage());
        }
        return null;
    }

    private void applyTrust(String deviceId, CodecSettings settings) throws XapiException {
        if (!settings.tls()) {
            return;
        }
        TrustSource source = new TrustSource(settings.endpoint(),
                settings.pinnedSha256() == null ? null : EndpointTrust.colonHex(settings.pinnedSha256()),
                settings.caFile());
        TrustSource before = trustSources.get(deviceId);
        if (!source.equals(before)) {
            trust.apply(settings);
            trustSources.put(deviceId, source);
            forgetSessions(settings.endpoint());
        }
    }

    private void rememberAuth(String deviceId, CodecSettings settings, CheckResult r) {
        if (r.error() != null && r.error().equals(CodecPoll.AUTH_FAILED) && config.authRetryS() > 0) {
            authFailures.put(deviceId, new AuthFailure(settings.password().hashCode(),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(config.authRetryS())));
            LOG.warn("codec {} ({}): authentication failed, not retried for {} s with the same password", deviceId,
                    settings.endpoint(), config.authRetryS());
        }
    }

    @Override
    public void forget(String deviceId) {
        authFailures.remove(deviceId);
        TrustSource source = trustSources.remove(deviceId);
        if (source != null && trustSources.values().stream().noneMatch(s -> s.endpoint().equals(source.endpoint()))) {
            trust.remove(source.endpoint());
            forgetSessions(source.endpoint());
        }
    }

    /** A changed pin must be checked at the next connection, not skipped by resuming a TLS session. */
    private void forgetSessions(String endpoint) {
        SSLSessionContext sessions = tls.getClientSessionContext();
        for (byte[] id : Collections.list(sessions.getIds())) {
            SSLSession s = sessions.getSession(id);
            if (s != null && Objects.equals(s.getPeerHost() + ":" + s.getPeerPort(), endpoint)) {
                s.invalidate();
            }
        }
    }

    /** For tests: whether the driver's own pool threads have ended. */
    boolean executorTerminated() {
        return executor.isTerminated();
    }

    /** For tests: what the driver remembers, per kind, summed over devices. */
    int remembered() {
        return Arrays.asList(inFlight, authFailures, trustSources).stream().mapToInt(Map::size).sum();
    }
}
