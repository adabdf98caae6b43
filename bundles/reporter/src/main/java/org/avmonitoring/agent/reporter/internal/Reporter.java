package org.avmonitoring.agent.reporter.internal;

import java.util.HashSet;
import java.util.Set;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.http.BackendHttp;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward of check results to {@code POST {backend_url}/ingest}.
 * <p>
 * Three sides that never wait on each other: the collector's threads hand results to {@link #resultRecorded} (a
 * list append); the {@link BatchAssembler}, on the clock's thread, compresses them into the open batch about once a
 * second while they come and stores that batch on disk at the report cadence, sleeping in between; the
 * {@link Sender}'s thread sends the oldest stored batch and deletes it only after a 2xx, backing off while the backend
 * is away.
 */
final class Reporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

    private final OutboxStore outbox;
    private final BatchAssembler assembler;
    private final Sender sender;
    private volatile Target target = Target.NONE;

    Reporter(ReporterOptions options, OutboxStore outbox, BackendHttp http, ReporterClock clock,
             BatchAssembler.Identity identity) {
        this.outbox = outbox;
        BatchCodec codec = new BatchCodec();
        this.sender = new Sender(options, outbox, codec, http, identity.agentVersion(), () -> target);
        this.assembler = new BatchAssembler(options, outbox, codec, clock, identity, () -> target, sender::batchStored);
    }

    void start() {
        assembler.start();
        sender.start();
    }

    /** Follows config.json: backend URL, token, site name, report intervals, which devices exist. */
    void configure(SiteConfig config) {
        Target t = Target.of(config);
        Set<String> ids = new HashSet<>();
        config.devices().forEach(d -> ids.add(d.id()));
        assembler.retainDevices(ids);
        Target old = target;
        target = t;
        if (!t.sameEndpoint(old)) {
            if (t.disabled()) {
                assembler.discardAll();
                LOG.info("backend link: backend_url is empty, reporting is off (results are not buffered; {} stored"
                        + " batches wait for a backend)", outbox.batches());
            } else {
                LOG.info("backend link: reporting to {}/ingest", t.backendUrl());
            }
            assembler.restartCadence();
            sender.settingsChanged();
        }
        assembler.replan(); // new intervals, or devices gone, may move the next seal
    }

    /** The collector's listener: only an append, so a slow disk or backend never holds up a check. */
    void resultRecorded(Device device, Recorded now, Recorded previous) {
        assembler.record(device, now, previous);
    }

    /**
     * Turns what is pending into a batch on disk now. With nothing pending the batch is a heartbeat: the backend still
     * learns that the agent is alive and how it is.
     */
    void sealNow() {
        assembler.seal(false);
    }

    BackendLinkStatus status() {
        return sender.status();
    }

    /** Stops both sides; what is pending is stored first, so an orderly stop loses nothing. */
    @Override
    public void close() {
        assembler.close();
        sender.close();
    }
}
