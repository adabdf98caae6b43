package org.avmonitoring.agent.reporter.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.backend.BackendLinkStatus.State;
import org.avmonitoring.agent.api.http.BackendAnswer;
import org.avmonitoring.agent.api.http.BackendHttp;
import org.avmonitoring.agent.api.http.BackendRequest;
import org.avmonitoring.agent.api.http.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of the reporter, one thread: sends the oldest stored batch and deletes it only after a 2xx; backs
 * off while the backend is away, splits what is too large, drops what the backend calls invalid, waits long after a
 * refused token. Only new settings (another URL or token) or closing cut a wait short.
 */
final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final ReporterOptions options;
    private final OutboxStore outbox;
    private final BatchCodec codec;
    private final BackendHttp http;
    private final String agentVersion;
    private final Supplier<Target> target;
    private final Backoff backoff;
    private final Thread thread;

    private final Object signal = new Object();
    private long settingsVersion;
    private boolean closed;

    /** State and last error change together, so that a reader never sees one without the other. */
    private record Link(State state, String lastError) {
    }

    private volatile Link link = new Link(State.DISCONNECTED, null);
    private volatile Instant lastSuccess;
    private volatile Instant lastAttempt;

    Sender(ReporterOptions options, OutboxStore outbox, BatchCodec codec, BackendHttp http, String agentVersion,
           Supplier<Target> target) {
        this.options = options;
        this.outbox = outbox;
        this.codec = codec;
        this.http = http;
        this.agentVersion = agentVersion;
        this.target = target;
        this.backoff = new Backoff(options.backoffMin(), options.backoffMax(), new Random());
        this.thread = new Thread(this::sendLoop, "avmonitoring-reporter-send");
    }

    void start() {
        thread.start();
    }

    /** A new endpoint: the backoff starts over and a wait in progress ends. */
    void settingsChanged() {
        backoff.reset();
        synchronized (signal) {
            settingsVersion++;
            signal.notifyAll();
        }
    }

    /** A batch reached the outbox: an idle sender wakes (a backoff does not end). */
    void batchStored() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    BackendLinkStatus status() {
        Link l = link;
        State s = target.get().disabled() ? State.DISABLED : l.state();
        String error = http.problem().orElse(l.lastError());
        return new BackendLinkStatus(s, lastSuccess, lastAttempt, error, outbox.batches(), outbox.bytes(),
                outbox.droppedTotal());
    }

    void close() {
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendLoop() {
        while (!isClosed()) {
            Target t = target.get();
            boolean blocked = t.disabled() || http.problem().isPresent();
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
        BackendRequest request = BackendRequest.post(t.backendUrl(), "/ingest", t.token(), body.gzip())
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("User-Agent", "avmonitoring-agent/" + agentVersion);
        lastAttempt = Instant.now();
        long started = System.nanoTime();
        BackendAnswer answer;
        try {
            answer = http.exchange(request);
        } catch (IllegalArgumentException e) {
            return failed("backend_url \"" + t.backendUrl() + "\" is not a usable http(s) URL", options.unauthorizedRetry());
        } catch (IOException e) {
            return failed("backend unreachable: " + BackendHttp.describe(e), backoff.next());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Duration.ZERO;
        }
        if (answer.success()) {
            return delivered(key, body, drops, started);
        }
        String why = "HTTP " + answer.code() + answer.excerpt(t.token());
        try {
            switch (answer.code()) {
                case 401, 403 -> {
                    return unauthorized(why);
                }
                case 413 -> {
                    return split(key, stored, body, why);
                }
                case 400, 422 -> {
                    LOG.error("backend link: the backend rejected batch {} ({} results) as invalid ({}): it is dropped",
                            body.batchId(), results(stored), why);
                    outbox.drop(key);
                    link = new Link(link.state(), why);
                    return Duration.ZERO;
                }
                case 429, 503 -> {
                    Duration next = backoff.next();
                    return failed(why, answer.retryAfter(Instant.now()).orElse(next));
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
        LOG.debug("backend link: sent batch {} ({} bytes) in {} ms", body.batchId(), body.gzip().length,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return Duration.ZERO;
    }

    private Duration unauthorized(String why) {
        if (link.state() != State.UNAUTHORIZED) {
            LOG.error("backend link: the backend refused the site token ({}); check site_token in config.json."
                    + " {} batches kept, retrying every {}", why, outbox.batches(),
                    Backoff.human(options.unauthorizedRetry()));
        }
        link = new Link(State.UNAUTHORIZED, why + ": site token refused");
        return options.unauthorizedRetry();
    }

    private Duration split(String key, byte[] stored, BatchCodec.Body body, String why) throws IOException {
        List<byte[]> parts;
        try {
            parts = codec.split(stored);
        } catch (IOException e) {
            // the body copies the results without reading them: damaged results are found here
            return discard(key, "unreadable content (" + e.getMessage() + ")");
        }
        if (parts.isEmpty()) {
            LOG.error("backend link: batch {} ({} results, {} bytes) is too large for the backend ({}) and cannot be"
                    + " split further: it is dropped", body.batchId(), results(stored), body.gzip().length, why);
            outbox.drop(key);
        } else {
            LOG.warn("backend link: batch {} ({} results, {} bytes) is too large for the backend ({}): split in two",
                    body.batchId(), results(stored), body.gzip().length, why);
            outbox.replace(key, parts);
        }
        return Duration.ZERO;
    }

    /** For a log line: counted only when a batch is split or dropped, never on a send. */
    private String results(byte[] stored) {
        try {
            return Integer.toString(codec.results(stored));
        } catch (IOException e) {
            return "unreadable";
        }
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
                    outbox.batches(), Backoff.human(wait));
        } else {
            LOG.debug("backend link: {}; retry in {}", why, Backoff.human(wait));
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
}
