package org.avmonitoring.agent.reporter;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.backend.BackendLinkStatus.State;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;
import org.avmonitoring.agent.reporter.shared.BackendClient;
import org.avmonitoring.agent.reporter.shared.BackendHttp;
import org.avmonitoring.agent.reporter.shared.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward of check results to {@code POST {backend_url}/ingest}.
 * <p>
 * Three sides that never wait on each other: the collector's threads hand results to {@link #resultRecorded} (a
 * list append); a sealing thread compresses them into the open batch as they come (every {@value #TICK_MS} ms) and
 * stores that batch on disk at the report cadence; while no result comes it rests until the cadence (at most
 * {@value #MAX_REST_MS} ms) and the next result wakes it, so an idle agent does not wake it 5 times a second; a sending thread
 * sends the oldest stored batch and deletes it only after a 2xx, backing off while the backend is away.
 */
final class Reporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);
    private static final long TICK_MS = 200;
    private static final long MAX_REST_MS = 5000;
    
    /** Where and how often to report, from config.json. */
    private record Target(String backendUrl, Secret token, String siteName, long okIntervalNanos,
                          long koIntervalNanos, int devicesTotal) {
        boolean disabled() {
            return backendUrl.isBlank();
        }

        boolean sameEndpoint(Target o) {
            return o != null && backendUrl.equals(o.backendUrl) && token.equals(o.token);
        }
    }

    private final ReporterOptions options;
    private final OutboxStore outbox;
    private final BatchCodec codec = new BatchCodec();
    private final BackendClient client;
    private final Supplier<Double> lastCollectionMs;
    private final String agentVersion;
    private final String hostName;
    private final Backoff backoff;
    private final int maxPending;

    private final Object pendingLock = new Object();
    private ArrayList<BatchCodec.Entry> pending = new ArrayList<>();
    private long pendingDiscarded;

    /** Sealing side: the batch being filled, and sealed batches the disk refused (oldest first, stored in order). */
    private final Object sealLock = new Object();
    private BatchCodec.Open open;
    private final ArrayDeque<Unsaved> unsaved = new ArrayDeque<>();
    private int unsavedResults;
    /** A batch was sealed by its size since the last {@link #seal}: the next seal need not add an empty one. */
    private boolean sealedBySize;

    private record Unsaved(byte[] batch, int results) {
    }

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private volatile long statusChangedAt;
    private volatile long lastSealAt = System.nanoTime();

    private final Object signal = new Object();
    private long settingsVersion;
    private boolean closed;
    private volatile Target target = new Target("", Secret.empty(), "", 0, 0, 0);

    /** State and last error change together, so that a reader never sees one without the other. */
    private record Link(State state, String lastError) {
    }

    private volatile Link link = new Link(State.DISCONNECTED, null);
    private volatile Instant lastSuccess;
    private volatile Instant lastAttempt;

    private final ScheduledExecutorService sealer;
    /** The sealing thread rests (its next tick far away) after a tick that found no result: the next one wakes it. */
    private final AtomicBoolean sealerResting = new AtomicBoolean();
    /** Sealing thread only: the current tick; one scheduled before a wake-up replaced it does nothing. */
    private long tickSeq;
    private final Thread sender;

    Reporter(ReporterOptions options, OutboxStore outbox, String agentVersion, String hostName,
             Supplier<Double> lastCollectionMs) {
        this.options = options;
        this.outbox = outbox;
        this.agentVersion = agentVersion;
        this.hostName = hostName;
        this.lastCollectionMs = lastCollectionMs;
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax(), new Random());
        this.maxPending = Math.max(10_000, options.maxBatchResults() * 4);
        this.client = BackendClient.create(options.http(), "backend link");
        this.sealer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "avmonitoring-reporter-seal"));
        this.sender = new Thread(this::sendLoop, "avmonitoring-reporter-send");
    }

    void start() {
        sealer.execute(() -> nextTick(TICK_MS));
        sender.start();
    }

    /** Sealing thread only. */
    private void nextTick(long delayMs) {
        long seq = ++tickSeq;
        try {
            sealer.schedule(() -> {
                if (seq == tickSeq) {
                    tick();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: close() stores what is pending itself
        }
    }

    /** Ends the sealing thread's rest: a tick {@value #TICK_MS} ms from now replaces the one planned. */
    private void wakeSealer() {
        if (sealerResting.compareAndSet(true, false)) {
            try {
                sealer.execute(() -> nextTick(TICK_MS));
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** Follows config.json: backend URL, token, site name, report intervals, which devices exist. */
    void configure(SiteConfig config) {
        SiteSettings s = config.settings();
        Target t = new Target(s.backendUrl().trim(), s.siteToken(), s.siteName(),
                TimeUnit.SECONDS.toNanos(Math.max(1, s.reportIntervalOkS())),
                TimeUnit.SECONDS.toNanos(Math.max(1, s.reportIntervalKoS())), config.devices().size());
        Set<String> ids = new HashSet<>();
        config.devices().forEach(d -> ids.add(d.id()));
        statuses.keySet().retainAll(ids);
        Target old = target;
        target = t;
        if (t.sameEndpoint(old)) {
            return;
        }
        if (t.disabled()) {
            synchronized (pendingLock) {
                pending = new ArrayList<>();
            }
            synchronized (sealLock) {
                discardOpen();
                unsaved.clear();
                unsavedResults = 0;
            }
            LOG.info("backend link: backend_url is empty, reporting is off (results are not buffered; {} stored batches"
                    + " wait for a backend)", outbox.batches());
        } else {
            LOG.info("backend link: reporting to {}/ingest", t.backendUrl());
        }
        backoff.reset();
        lastSealAt = System.nanoTime();
        synchronized (signal) {
            settingsVersion++;
            signal.notifyAll();
        }
        wakeSealer();
    }

    /** The collector's listener: only an append, so a slow disk or backend never holds up a check. */
    void resultRecorded(Device device, CheckResult result, CheckResult previous) {
        statuses.put(device.id(), result.status());
        if (target.disabled()) {
            return;
        }
        synchronized (pendingLock) {
            if (previous != null && previous.status() != result.status() && statusChangedAt == 0) {
                statusChangedAt = System.nanoTime();
            }
            if (pending.size() >= maxPending) {
                pendingDiscarded++;
                return;
            }
            pending.add(new BatchCodec.Entry(device.id(), device.type(), result));
        }
        if (sealerResting.get()) {
            wakeSealer();
        }
    }

    private void tick() {
        sealerResting.set(false);
        long nextMs = MAX_REST_MS;
        try {
            Target t = target;
            if (t.disabled()) {
                return;
            }
            boolean took = takePending(false);
            long now = System.nanoTime();
            long interval = statuses.containsValue(Status.KO) ? t.koIntervalNanos() : t.okIntervalNanos();
            long changed = statusChangedAt;
            long delay = options.statusChangeDelay().toNanos();
            boolean cadence = now - lastSealAt >= interval;
            if (cadence || (changed != 0 && now - changed >= delay)) {
                seal(cadence);
            }
            nextMs = took ? TICK_MS : restMs(now, interval, statusChangedAt, delay);
        } catch (RuntimeException e) {
            LOG.error("backend link: sealing a batch failed", e);
            nextMs = TICK_MS;
        } finally {
            if (nextMs > TICK_MS) {
                sealerResting.set(true);
                synchronized (pendingLock) { // a result added before the flag was seen: no rest
                    if (!pending.isEmpty() && sealerResting.compareAndSet(true, false)) {
                        nextMs = TICK_MS;
                    }
                }
            }
            nextTick(nextMs);
        }
    }

    /** No result came since the last tick: rest until the cadence or a status change's delay, within bounds. */
    private long restMs(long now, long interval, long changed, long delay) {
        long until = lastSealAt + interval - now;
        if (changed != 0) {
            until = Math.min(until, changed + delay - now);
        }
        return Math.max(TICK_MS, Math.min(MAX_REST_MS, TimeUnit.NANOSECONDS.toMillis(until)));
    }

    /**
     * Moves what the collector handed over into the open batch (sealed each time it reaches the batch size). With
     * {@code forSeal}, the status change that asked for a batch is taken as answered at the same instant.
     */
    private boolean takePending(boolean forSeal) {
        ArrayList<BatchCodec.Entry> taken;
        synchronized (pendingLock) {
            taken = pending;
            pending = new ArrayList<>();
            if (forSeal) {
                // a change recorded after this point is in the next batch, so it must trigger the next batch
                statusChangedAt = 0;
            }
        }
        if (taken.isEmpty()) {
            return false;
        }
        synchronized (sealLock) {
            int refused = 0;
            for (BatchCodec.Entry e : taken) {
                if (unsavedResults >= maxPending) {
                    refused++;
                    continue;
                }
                try {
                    if (open == null) {
                        open = codec.open();
                    }
                    open.add(e);
                } catch (IOException ex) {
                    // in-memory streams: a bug, not the disk; the batch is given up rather than sent half-written
                    LOG.error("backend link: cannot encode the result of device {}; {} results of the open batch lost",
                            e.deviceId(), open == null ? 0 : open.results(), ex);
                    discardOpen();
                    continue;
                }
                if (open.results() >= options.maxBatchResults()) {
                    sealLocked();
                    sealedBySize = true;
                }
            }
            if (refused > 0) {
                synchronized (pendingLock) {
                    pendingDiscarded += refused;
                }
            }
        }
        return true;
    }

    /**
     * Turns what is pending into a batch on disk now. With nothing pending the batch is a heartbeat: the backend still
     * learns that the agent is alive and how it is.
     */
    void sealNow() {
        seal(false);
    }

    /**
     * Seals the open batch; with nothing in it, a heartbeat, unless a batch sealed by its size since the last call
     * was this one (a seal asked for just after, or a status change that batch already carried). At the cadence a
     * heartbeat in any case: a size seal restarts the cadence, so one a whole interval ago says nothing now.
     */
    private void seal(boolean cadence) {
        takePending(true);
        synchronized (sealLock) {
            if ((open != null && open.results() > 0) || cadence || !sealedBySize) {
                sealLocked();
            } else {
                storeUnsaved();
            }
            sealedBySize = false;
        }
    }

    private void sealLocked() {
        long discarded;
        synchronized (pendingLock) {
            discarded = pendingDiscarded;
            pendingDiscarded = 0;
        }
        lastSealAt = System.nanoTime();
        if (discarded > 0) {
            LOG.warn("backend link: {} results were discarded because batches could not be stored", discarded);
        }
        Target t = target;
        BatchCodec.Seal seal = new BatchCodec.Seal(UUID.randomUUID().toString(), Instant.now(), t.siteName(),
                agentVersion, hostName, t.devicesTotal(), lastCollectionMs.get());
        BatchCodec.Open batch = open;
        open = null;
        int results = batch == null ? 0 : batch.results();
        // a heartbeat behind batches the disk refused tells nothing they do not
        if (results > 0 || unsaved.isEmpty()) {
            try {
                unsaved.add(new Unsaved(batch == null ? codec.seal(seal, List.of()) : batch.seal(seal), results));
                unsavedResults += results;
            } catch (IOException e) {
                LOG.error("backend link: cannot encode a batch of {} results", results, e);
            }
        }
        storeUnsaved();
    }

    /** Oldest first, stopping at the first refusal: the outbox keeps the order of the batches. */
    private void storeUnsaved() {
        boolean stored = false;
        while (!unsaved.isEmpty()) {
            Unsaved u = unsaved.peekFirst();
            try {
                outbox.append(u.batch());
            } catch (IOException e) {
                LOG.error("backend link: cannot store a batch of {} results in {}: {}; kept in memory ({} results wait)",
                        u.results(), outbox.dir(), e.toString(), unsavedResults);
                break;
            }
            unsaved.removeFirst();
            unsavedResults -= u.results();
            stored = true;
        }
        if (stored) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    private void discardOpen() {
        if (open == null) {
            return;
        }
        try {
            open.close();
        } catch (IOException e) {
            LOG.warn("backend link: closing a discarded batch: {}", e.toString());
        }
        open = null;
    }

    private void sendLoop() {
        while (!isClosed()) {
            Target t = target;
            boolean blocked = t.disabled() || client.http() == null;
            Optional<String> key = blocked ? Optional.empty() : outbox.oldest();
            if (key.isEmpty()) {
                awaitWork(blocked);
                continue;
            }
            Duration wait;
            try {
                wait = sendOne(t, key.get());
            } catch (RuntimeException e) {
                // a bug must not end the sending thread: the batch stays, the next attempt comes after a backoff
                LOG.error("backend link: unexpected failure sending batch {}", key.get(), e);
                wait = backoff.next();
            }
            if (!wait.isZero()) {
                awaitSettingsChange(wait);
            }
        }
    }

    /** Sends one stored batch; returns how long to wait before the next attempt (zero: go on at once). */
    private Duration sendOne(Target t, String key) {
        byte[] stored;
        BatchCodec.Body body;
        long drops = outbox.unreportedDrops();
        try {
            stored = outbox.read(key);
        } catch (OutboxStore.CorruptBatchException e) {
            return discard(key, e.getMessage());
        } catch (IOException e) {
            return failed("cannot read outbox batch " + key + ": " + e, backoff.next());
        }
        try {
            body = codec.body(stored, Instant.now(), outbox.batches(), drops);
        } catch (IOException e) {
            return discard(key, "unreadable content (" + e.getMessage() + ")");
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(BackendHttp.resolve(t.backendUrl(), "/ingest"))
                    .timeout(options.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("Content-Encoding", "gzip")
                    .header("User-Agent", "avmonitoring-agent/" + agentVersion)
                    .header("X-Site-Token", t.token().reveal())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.gzip()))
                    .build();
        } catch (IllegalArgumentException e) {
            return failed("backend_url \"" + t.backendUrl() + "\" is not a usable http(s) URL", options.unauthorizedRetry());
        }
        lastAttempt = Instant.now();
        long started = System.nanoTime();
        int code;
        byte[] answer;
        Optional<String> retryAfter;
        try {
            HttpResponse<InputStream> response = client.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            code = response.statusCode();
            retryAfter = response.headers().firstValue("Retry-After");
            try (InputStream in = response.body()) {
                answer = in.readNBytes(BackendHttp.ANSWER_EXCERPT_BYTES);
            }
        } catch (IOException e) {
            return failed("backend unreachable: " + BackendHttp.describe(e), backoff.next());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Duration.ZERO;
        }
        if (code / 100 == 2) {
            return delivered(key, body, drops, started);
        }
        String why = "HTTP " + code + BackendHttp.answerExcerpt(answer, t.token());
        try {
            switch (code) {
                case 401, 403 -> {
                    return unauthorized(why);
                }
                case 413 -> {
                    return split(key, stored, body, why);
                }
                case 400, 422 -> {
                    LOG.error("backend link: the backend rejected batch {} as invalid ({}): it is dropped",
                            body.batchId(), why);
                    outbox.drop(key);
                    link = new Link(link.state(), why);
                    return Duration.ZERO;
                }
                case 429, 503 -> {
                    Duration next = backoff.next();
                    return failed(why, BackendHttp.retryAfter(retryAfter, Instant.now()).orElse(next));
                }
                default -> {
                    return failed(why, backoff.next());
                }
            }
        } catch (IOException e) {
            return failed("outbox: " + e, backoff.next());
        }
    }

    private Duration delivered(String key, BatchCodec.Body body, long drops, long started) {
        try {
            outbox.remove(key);
        } catch (IOException e) {
            LOG.error("backend link: batch {} was delivered but its file cannot be deleted ({}): it will be sent again",
                    body.batchId(), e.toString());
        }
        outbox.dropsReported(drops);
        if (link.state() != State.CONNECTED && backoff.failures() > 0) {
            LOG.info("backend link: backend reachable again after {} failed attempts; {} batches left to send",
                    backoff.failures(), outbox.batches());
        }
        backoff.reset();
        lastSuccess = Instant.now();
        link = new Link(State.CONNECTED, null);
        LOG.debug("backend link: sent batch {} ({} results, {} bytes) in {} ms", body.batchId(), body.results(),
                body.gzip().length, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return Duration.ZERO;
    }

    private Duration unauthorized(String why) {
        if (link.state() != State.UNAUTHORIZED) {
            LOG.error("backend link: the backend refused the site token ({}); check site_token in config.json."
                    + " {} batches kept, retrying every {}", why, outbox.batches(),
                    BackendHttp.human(options.unauthorizedRetry()));
        }
        link = new Link(State.UNAUTHORIZED, why + ": site token refused");
        return options.unauthorizedRetry();
    }

    private Duration split(String key, byte[] stored, BatchCodec.Body body, String why) throws IOException {
        List<byte[]> parts = codec.split(stored);
        if (parts.isEmpty()) {
            LOG.error("backend link: batch {} ({} results, {} bytes) is too large for the backend ({}) and cannot be"
                    + " split further: it is dropped", body.batchId(), body.results(), body.gzip().length, why);
            outbox.drop(key);
        } else {
            LOG.warn("backend link: batch {} ({} results, {} bytes) is too large for the backend ({}): split in two",
                    body.batchId(), body.results(), body.gzip().length, why);
            outbox.replace(key, parts);
        }
        return Duration.ZERO;
    }

    private Duration discard(String key, String why) {
        LOG.warn("outbox: discarding batch {}: {}", key, why);
        try {
            outbox.remove(key);
        } catch (IOException e) {
            LOG.error("outbox: cannot delete damaged batch {}: {}", key, e.toString());
            return backoff.next();
        }
        return Duration.ZERO;
    }

    private Duration failed(String why, Duration wait) {
        if (link.state() != State.DISCONNECTED || link.lastError() == null) {
            LOG.warn("backend link: {}; {} batches buffered, retrying with backoff (next in {})", why,
                    outbox.batches(), BackendHttp.human(wait));
        } else {
            LOG.debug("backend link: {}; retry in {}", why, BackendHttp.human(wait));
        }
        link = new Link(State.DISCONNECTED, why);
        return wait;
    }

    private boolean isClosed() {
        synchronized (signal) {
            return closed;
        }
    }

    /** Idle: until a batch is stored, the settings change or the reporter closes. */
    private void awaitWork(boolean blocked) {
        synchronized (signal) {
            long version = settingsVersion;
            while (!closed && version == settingsVersion && (blocked || outbox.batches() == 0)) {
                try {
                    signal.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Backoff: only new settings (another URL or token) or closing cut it short, not new batches. */
    private void awaitSettingsChange(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (signal) {
            long version = settingsVersion;
            long left;
            while (!closed && version == settingsVersion && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    BackendLinkStatus status() {
        Target t = target;
        Link l = link;
        State s = t.disabled() ? State.DISABLED : l.state();
        String error = client.http() == null ? client.problem() : l.lastError();
        return new BackendLinkStatus(s, lastSuccess, lastAttempt, error, outbox.batches(), outbox.bytes(),
                outbox.droppedTotal());
    }

    /** Stops both threads; what is pending is stored first, so an orderly stop loses nothing. */
    @Override
    public void close() {
        sealer.shutdown();
        try {
            if (!sealer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("backend link: sealing thread still busy after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean anyPending;
        synchronized (pendingLock) {
            anyPending = !pending.isEmpty();
        }
        synchronized (sealLock) {
            anyPending |= (open != null && open.results() > 0) || !unsaved.isEmpty();
        }
        if (anyPending && !target.disabled()) {
            sealNow();
        }
        synchronized (sealLock) {
            discardOpen();
        }
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
        sender.interrupt();
        try {
            sender.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
