package org.avmonitoring.agent.reporter.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sealing side of the reporter: the collector's threads append results ({@link #record}, a list append under
 * {@code pendingLock}); the tick compresses them into the open batch, and seals it into the outbox at the report
 * cadence, after a status change, or when it is full ({@code sealLock}). Batches the disk refuses wait in memory,
 * oldest first, bounded like the pending list.
 */
final class BatchAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(BatchAssembler.class);

    /** What goes into each seal besides the results. */
    record Identity(String agentVersion, String hostName, Supplier<Double> lastCollectionMs) {
    }

    private final ReporterOptions options;
    private final OutboxStore outbox;
    private final BatchCodec codec;
    private final ReporterClock clock;
    private final Identity identity;
    private final Supplier<Target> target;
    private final Runnable batchStored;
    private final int maxPending;

    private final Object pendingLock = new Object();
    private ArrayList<BatchCodec.Entry> pending = new ArrayList<>();
    private long pendingDiscarded;

    /** The batch being filled, and sealed batches the disk refused (oldest first, stored in order). */
    private final Object sealLock = new Object();
    private BatchCodec.Open open;
    private final ArrayDeque<Unsaved> unsaved = new ArrayDeque<>();
    private int unsavedResults;
    /** A batch was sealed by its size since the last {@link #seal}: the next seal need not add an empty one. */
    private boolean sealedBySize;

    private record Unsaved(byte[] batch, int results) {
    }

    /** Devices whose confirmed state is ko (out of maintenance): the ko cadence applies while there is one. */
    private final Set<String> koDevices = ConcurrentHashMap.newKeySet();
    private volatile long statusChangedAt;
    private volatile long lastSealAt;

    /**
     * @param target      where batches go now (site name, device count and cadence are read at each seal)
     * @param batchStored called after a batch reached the outbox (wakes the sender)
     */
    BatchAssembler(ReporterOptions options, OutboxStore outbox, BatchCodec codec, ReporterClock clock, Identity identity,
                   Supplier<Target> target, Runnable batchStored) {
        this.options = options;
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
        this.identity = identity;
        this.target = target;
        this.batchStored = batchStored;
        this.maxPending = Math.max(10_000, options.maxBatchResults() * 4);
        this.lastSealAt = clock.nanoTime();
    }

    /**
     * Only an append, so a slow disk or backend never holds up a check. The ko cadence and the early seal follow the
     * confirmed state; a device in maintenance counts for neither.
     */
    void record(Device device, Recorded now, Recorded previous) {
        Assessment a = now.assessment();
        if (a.state() == Status.KO && !a.inMaintenance()) {
            koDevices.add(device.id());
        } else {
            koDevices.remove(device.id());
        }
        if (target.get().disabled()) {
            return;
        }
        synchronized (pendingLock) {
            if (previous != null && !a.inMaintenance() && previous.assessment().state() != a.state()
                    && statusChangedAt == 0) {
                statusChangedAt = clock.nanoTime();
            }
            if (pending.size() >= maxPending) {
                pendingDiscarded++;
                return;
            }
            pending.add(new BatchCodec.Entry(device.id(), device.type(), now.result(), a));
        }
    }

    /** Forgets the status of devices no longer configured (the ko cadence follows the devices that exist). */
    void retainDevices(Set<String> ids) {
        koDevices.retainAll(ids);
    }

    /** Reporting is off: nothing is buffered, the open batch and the refused ones are let go. */
    void discardAll() {
        synchronized (pendingLock) {
            pending = new ArrayList<>();
        }
        synchronized (sealLock) {
            discardOpen();
            unsaved.clear();
            unsavedResults = 0;
        }
    }

    /** The cadence counts from now (a new endpoint). */
    void restartCadence() {
        lastSealAt = clock.nanoTime();
    }

    /** Compresses what is pending; seals at the cadence or once a status change has waited its delay. */
    void tick() {
        Target t = target.get();
        if (t.disabled()) {
            return;
        }
        takePending(false);
        long now = clock.nanoTime();
        long interval = !koDevices.isEmpty() ? t.koIntervalNanos() : t.okIntervalNanos();
        long changed = statusChangedAt;
        boolean cadence = now - lastSealAt >= interval;
        if (cadence || (changed != 0 && now - changed >= options.statusChangeDelay().toNanos())) {
            seal(cadence);
        }
    }

    /**
     * Moves what the collector handed over into the open batch (sealed each time it reaches the batch size). With
     * {@code forSeal}, the status change that asked for a batch is taken as answered at the same instant.
     */
    private void takePending(boolean forSeal) {
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
            return;
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
    }

    /**
     * Seals the open batch; with nothing in it, a heartbeat, unless a batch sealed by its size since the last call
     * was this one (a seal asked for just after, or a status change that batch already carried). At the cadence a
     * heartbeat in any case: a size seal restarts the cadence, so one a whole interval ago says nothing now.
     */
    void seal(boolean cadence) {
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

    /** Anything not yet in the outbox: pending results, a non-empty open batch, batches the disk refused. */
    boolean holdsResults() {
        synchronized (pendingLock) {
            if (!pending.isEmpty()) {
                return true;
            }
        }
        synchronized (sealLock) {
            return (open != null && open.results() > 0) || !unsaved.isEmpty();
        }
    }

    void close() {
        synchronized (sealLock) {
            discardOpen();
        }
    }

    private void sealLocked() {
        long discarded;
        synchronized (pendingLock) {
            discarded = pendingDiscarded;
            pendingDiscarded = 0;
        }
        lastSealAt = clock.nanoTime();
        if (discarded > 0) {
            LOG.warn("backend link: {} results were discarded because batches could not be stored", discarded);
        }
        Target t = target.get();
        BatchCodec.Seal seal = new BatchCodec.Seal(UUID.randomUUID().toString(), clock.now(), t.siteName(),
                identity.agentVersion(), identity.hostName(), t.devicesTotal(), identity.lastCollectionMs().get());
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
            batchStored.run();
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
}
