package org.avmonitoring.agent.driver.ping.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICMP echo through the system's {@code fping}: checks that arrive within a short window are gathered into one
 * {@code fping -C N -q} invocation over all their addresses, so 1,000 devices polled together cost a handful of
 * processes (at most {@code maxProcesses} at once, each with one reader thread), never one process or thread each.
 * fping sends through a raw socket (CAP_NET_RAW) or, when {@code net.ipv4.ping_group_range} allows the agent's group,
 * an unprivileged ICMP datagram socket: see docs/drivers.md for what the systemd unit must grant.
 */
final class FpingBatcher implements AutoCloseable {
    /** fping -C -q prints one line per target on stderr: {@code 127.0.0.1 : 0.04 0.03 -} ("-" for a lost echo). */
    private static final Pattern RESULT = Pattern.compile("^(\\S+)\\s+:\\s+((?:[0-9.]+|-)(?:\\s+(?:[0-9.]+|-))*)\\s*$");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final int MAX_LINE = 8192;

    private record Key(int count, int timeoutMs) {
    }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Path fping;
    private final int windowMs;
    private final int maxBatch;
    private final int periodMs;
    private final int intervalMs;
    private final int burstMax;
    private final ScheduledExecutorService timer;
    private final ExecutorService runners;
    private final int maxProcesses;
    private final Map<Key, Map<String, List<CompletableFuture<Echoes>>>> pending = new HashMap<>();
    /** When each pending batch's earliest flush is planned (nanoTime). Guarded by pending. */
    private final Map<Key, Long> flushAt = new HashMap<>();
    /** Batches whose window has passed while every process was busy: they go as soon as one ends. Guarded by pending. */
    private final Set<Key> due = new LinkedHashSet<>();
    /** fping processes started and not yet ended. Guarded by pending. */
    private int running;
    private final AtomicInteger processesStarted = new AtomicInteger();
    private volatile boolean fpingPresent;
    private volatile long fpingCheckedAt;

    /**
     * @param windowMs     how long a first check waits for others to share its fping process (a check that cannot
     *                     wait that long within its deadline makes its batch go sooner)
     * @param maxBatch     addresses per fping process
     * @param maxProcesses fping processes running at once
     * @param periodMs     fping -p: time between two echoes to one address
     * @param intervalMs   fping -i: time between two echoes to any address (spreads a large batch)
     * @param burstMax     a batch of at most this many addresses is sent unspaced ({@code -i 0}): spacing costs fping a
     *                     wake-up per echo (three times its CPU); a large unspaced burst can lose first echoes
     */
    FpingBatcher(Path fping, int windowMs, int maxBatch, int maxProcesses, int periodMs, int intervalMs, int burstMax) {
        this.fping = fping;
        this.windowMs = windowMs;
        this.maxBatch = maxBatch;
        this.periodMs = periodMs;
        this.intervalMs = intervalMs;
        this.burstMax = burstMax;
        this.maxProcesses = maxProcesses;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "avm-ping-batch"));
        AtomicInteger n = new AtomicInteger();
        this.runners = Executors.newFixedThreadPool(maxProcesses, r -> daemon(r, "avm-fping-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** fping processes started so far (for the benchmark and the status page). */
    int processesStarted() {
        return processesStarted.get();
    }

    /**
     * Looked up at most once a second while present (a file-system call per check adds up at thousands of devices),
     * at every check while missing, so that installing it takes effect at once.
     */
    private boolean fpingPresent() {
        long now = System.nanoTime();
        if (now - fpingCheckedAt > 1_000_000_000L || !fpingPresent) {
            fpingPresent = Files.isExecutable(fping);
            fpingCheckedAt = now;
        }
        return fpingPresent;
    }

    /**
     * {@code count} echoes to the IP address {@code ip}, each waited for {@code timeoutMs}; the fping process starts
     * within {@code maxWaitMs} (the batch window or less, so that the echoes fit the check's deadline).
     */
    CompletableFuture<Echoes> ping(String ip, int count, int timeoutMs, long maxWaitMs) {
        CompletableFuture<Echoes> f = new CompletableFuture<>();
        if (!fpingPresent()) {
            f.completeExceptionally(new PingFailure(fping + " is missing: install the Debian package fping", true));
            return f;
        }
        Key key = new Key(count, timeoutMs);
        Map<String, List<CompletableFuture<Echoes>>> full = null;
        synchronized (pending) {
            Map<String, List<CompletableFuture<Echoes>>> batch = pending.get(key);
            if (batch == null) {
                batch = new LinkedHashMap<>();
                pending.put(key, batch);
            }
            long waitMs = Math.max(0, Math.min(windowMs, maxWaitMs));
            long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
            Long planned = flushAt.get(key);
            if (planned == null || at - planned < 0) { // a first check, or one that cannot wait for the planned flush
                flushAt.put(key, at);
                Map<String, List<CompletableFuture<Echoes>>> scheduled = batch;
                timer.schedule(() -> flush(key, scheduled), waitMs, TimeUnit.MILLISECONDS);
            }
            batch.computeIfAbsent(ip, k -> new ArrayList<>(1)).add(f);
            if (batch.size() >= maxBatch) {
                remove(key);
                due.remove(key);
                full = batch;
            }
        }
        if (full != null) {
            launch(key, full);
        }
        return f;
    }

    private void flush(Key key, Map<String, List<CompletableFuture<Echoes>>> batch) {
        synchronized (pending) {
            if (pending.get(key) != batch) {
                return; // already launched when it filled up
            }
            if (running >= maxProcesses) {
                // Every process is busy: the batch keeps growing (up to maxBatch) until one ends, so that a steady
                // stream of checks coalesces into a few large fping runs instead of a queue of small ones.
                due.add(key);
                return;
            }
            remove(key);
        }
        launch(key, batch);
    }

    /** Guarded by pending. */
    private Map<String, List<CompletableFuture<Echoes>>> remove(Key key) {
        flushAt.remove(key);
        return pending.remove(key);
    }

    /** When a process ends: the oldest batch whose window has passed goes now. */
    private void launchDue() {
        Key key;
        Map<String, List<CompletableFuture<Echoes>>> batch;
        synchronized (pending) {
            running--;
            if (due.isEmpty()) {
                return;
            }
            key = due.iterator().next();
            due.remove(key);
            batch = remove(key);
            if (batch == null) {
                return; // it filled up and was launched meanwhile
            }
        }
        launch(key, batch);
    }

    private void launch(Key key, Map<String, List<CompletableFuture<Echoes>>> batch) {
        synchronized (pending) {
            running++;
        }
        if (runners.isShutdown()) {
            PingFailure stopped = new PingFailure("ping driver stopped", true);
            batch.values().forEach(fs -> fs.forEach(f -> f.completeExceptionally(stopped)));
            return;
        }
        runners.execute(() -> {
            try {
                Map<String, List<Double>> rtts = run(key, List.copyOf(batch.keySet()));
                batch.forEach((ip, futures) -> {
                    List<Double> r = rtts.get(ip);
                    Echoes e = r != null ? new Echoes(r, null)
                            : new Echoes(Arrays.asList(new Double[key.count()]), "fping gave no result for this address");
                    futures.forEach(f -> f.complete(e));
                });
            } catch (PingFailure e) {
                batch.values().forEach(fs -> fs.forEach(f -> f.completeExceptionally(e)));
            } catch (RuntimeException e) {
                log.error("fping batch of {} addresses failed", batch.size(), e);
                batch.values().forEach(fs -> fs.forEach(f -> f.completeExceptionally(e)));
            } finally {
                launchDue();
            }
        });
    }

    private Map<String, List<Double>> run(Key key, List<String> ips) throws PingFailure {
        List<String> cmd = new ArrayList<>(List.of(fping.toString(), "-C", Integer.toString(key.count()), "-q",
                "-t", Integer.toString(key.timeoutMs()), "-p", Integer.toString(Math.max(periodMs, 10)),
                "-i", Integer.toString(ips.size() <= burstMax ? 0 : intervalMs), "-r", "0", "-B", "1"));
        cmd.addAll(ips);
        // Every echo is sent within count × (period + targets × interval); the last one is waited for timeout.
        long boundMs = (long) key.count() * (periodMs + (long) ips.size() * Math.max(1, intervalMs)) + key.timeoutMs() + 10_000;
        Map<String, List<Double>> out = new HashMap<>();
        List<String> other = new ArrayList<>();
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new PingFailure("cannot start " + fping + ": " + e.getMessage(), true);
        }
        processesStarted.incrementAndGet();
        // readLine blocks until fping closes its output: a stuck fping is killed, which ends the read.
        ScheduledFuture<?> killer = timer.schedule(p::destroyForcibly, boundMs, TimeUnit.MILLISECONDS);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            p.getOutputStream().close();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.length() > MAX_LINE) {
                    continue;
                }
                Matcher m = RESULT.matcher(line);
                if (m.matches()) {
                    List<Double> rtts = new ArrayList<>(key.count());
                    for (String v : SPACES.split(m.group(2).trim())) {
                        rtts.add("-".equals(v) ? null : Double.valueOf(v));
                    }
                    out.put(m.group(1), rtts);
                } else if (other.size() < 5) {
                    other.add(line);
                }
            }
            p.waitFor();
            if (!killer.cancel(false)) {
                throw new PingFailure("fping did not finish within " + boundMs + " ms", true);
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new PingFailure("reading fping's output failed: " + e.getMessage(), true);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PingFailure("interrupted while fping ran", true);
        }
        int rc = p.exitValue();
        // 0 all answered, 1 some did not, 2 a name was not found; 3 bad arguments, 4 system call failure (no ICMP socket).
        if (rc >= 3 || (out.isEmpty() && !other.isEmpty())) {
            throw new PingFailure("fping exited with " + rc + ": " + String.join(" / ", other)
                    + (String.join(" ", other).contains("socket") ? " (the agent needs CAP_NET_RAW or a net.ipv4.ping_group_range"
                    + " that includes its group, see docs/drivers.md)" : ""), true);
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        runners.shutdownNow();
        synchronized (pending) {
            PingFailure stopped = new PingFailure("ping driver stopped", true);
            pending.values().forEach(b -> b.values().forEach(fs -> fs.forEach(f -> f.completeExceptionally(stopped))));
            pending.clear();
            flushAt.clear();
        }
    }
}
