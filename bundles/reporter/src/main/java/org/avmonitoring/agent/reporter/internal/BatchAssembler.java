package org.avmonitoring.agent.reporter.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.monitor.Assessment;
import org.avmonitoring.agent.api.monitor.Recorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sealing side of the reporter: the collector's threads append results ({@link #record}, a list append under
 * {@code pendingLock}); the sealing run compresses them into the open batch, and seals it into the outbox at the report
 * cadence, after a status change, or when it is full ({@code sealLock}). Batches the disk refuses wait in memory,
 * oldest first, bounded like the pending list.
 * <p>
 * The sealing run is planned, not periodic: it sleeps until the earliest of the next cadence seal, a status change's
 * delay running out and, while results come, the next compression. Compressions are at least a second apart:
 * under a steady stream of results the run after a compression is planned one period later and finds the next
 * ones waiting (one wake-up per period, however many results), and {@link #record} wakes the thread only when it was
 * resting towards a later instant.
 */
final class BatchAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(BatchAssembler.class);
    /** Compressions are at least this far apart (a result waits at most this long as an object). */
    private static final long COMPRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ReporterClock.Plan NOT_STARTED = new ReporterClock.Plan() {
        @Override
        public void runBy(long nanos) {
        }

        @Override
        public void close() {
        }
    };

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
    /** The earliest instant of the next compression: one period after the last one that found results. */
    private long nextCompressionAt = Long.MIN_VALUE;
    /** When the oldest unreported status change is due in a batch ({@link ReporterClock#NEVER}: none waits). */
    private volatile long statusChangeDueAt = ReporterClock.NEVER;

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
    private volatile long lastSealAt;
    private volatile ReporterClock.Plan sealing = NOT_STARTED;

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

    /** Starts the sealing runs (on the clock's thread). */
    void start() {
        sealing = clock.plan(this::sealingRun);
    }

    /**
     * Only an append, so a slow disk or backend never holds up a check. The ko cadence and the early seal follow the
     * confirmed state; a device in maintenance counts for neither. Asks for a sealing run only for the first result
     * since the last compression or for a new status change, and that wakes the thread only if it rests until later.
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
        long runBy = ReporterClock.NEVER;
        synchronized (pendingLock) {
            if (previous != null && !a.inMaintenance() && previous.assessment().state() != a.state()
                    && statusChangeDueAt == ReporterClock.NEVER) {
                statusChangeDueAt = clock.nanoTime() + options.statusChangeDelay().toNanos();
                runBy = statusChangeDueAt;
            }
            if (pending.size() >= maxPending) {
                pendingDiscarded++;
            } else {
                if (pending.isEmpty()) {
                    runBy = Math.min(runBy, Math.max(clock.nanoTime(), nextCompressionAt));
                }
                pending.add(new BatchCodec.Entry(device.id(), device.type(), now.result(), a));
            }
        }
        if (runBy != ReporterClock.NEVER) {
            sealing.runBy(runBy);
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

    /** Plans the next sealing run again at once: the target's intervals or the devices' states may have moved it. */
    void replan() {
        sealing.runBy(clock.nanoTime());
    }

    /** One sealing run (the clock's thread); returns when the next one is due. */
    private long sealingRun() {
        try {
            return sealIfDue();
        } catch (RuntimeException e) {
            LOG.error("backend link: sealing a batch failed", e);
            return clock.nanoTime() + COMPRESS_EVERY_NANOS; // tried again, but not in a loop
        }
    }

    /**
     * Compresses what is pending; seals at the cadence or once a status change has waited its delay. Returns the
     * earliest of the next cadence seal, the status change's seal and, while results come, the next compression.
     */
    private long sealIfDue() {
        Target t = target.get();
        if (t.disabled()) {
            return ReporterClock.NEVER; // configure() plans again when a backend is set
        }
        takePending(false);
        long now = clock.nanoTime();
        long interval = !koDevices.isEmpty() ? t.koIntervalNanos() : t.okIntervalNanos();
        boolean cadence = now - lastSealAt >= interval;
        if (cadence || now >= statusChangeDueAt) {
            seal(cadence);
        }
        long next = Math.min(lastSealAt + interval, statusChangeDueAt);
        synchronized (pendingLock) {
            // results found less than a period ago: more are coming, and the next run finds them without a wake-up
            boolean resultsFlow = !pending.isEmpty() || nextCompressionAt > now;
            return resultsFlow ? Math.min(next, nextCompressionAt) : next;
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
            if (forSeal) {
                // a change recorded after this point is in the next batch, so it must trigger the next batch
                statusChangeDueAt = ReporterClock.NEVER;
            }
            if (taken.isEmpty()) {
                return;
            }
            pending = new ArrayList<>();
            nextCompressionAt = clock.nanoTime() + COMPRESS_EVERY_NANOS;
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

    /** Stops the sealing runs; what is pending is stored first, so an orderly stop loses nothing. */
    void close() {
        sealing.close();
        if (holdsResults() && !target.get().disabled()) {
            seal(false);
        }
        synchronized (sealLock) {
            discardOpen();
        }
    }

    /** Anything not yet in the outbox: pending results, a non-empty open batch, batches the disk refused. */
    private boolean holdsResults() {
        synchronized (pendingLock) {
            if (!pending.isEmpty()) {
                return true;
            }
        }
        synchronized (sealLock) {
            return (open != null && open.results() > 0) || !unsaved.isEmpty();
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
