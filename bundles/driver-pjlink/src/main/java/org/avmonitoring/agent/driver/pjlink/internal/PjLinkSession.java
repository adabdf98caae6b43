package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport half of one poll of one device, as a state machine on the I/O thread: connect, read the greeting,
 * send one command at a time (the first one prefixed with the digest when the projector asks for it), read its
 * CR-terminated reply, close. Every step is bounded by the device's {@code timeout_ms} and the whole by the check's
 * deadline. A projector that closes the connection after a reply (or at its 30 s idle limit) is reconnected once
 * per lost reply.
 *
 * <p>Cheap per check: it reads and writes through the loop's shared buffers, and one timer serves both the step
 * timeout and the deadline (a step that ends moves a field, the timer is only re-armed when it fires early).
 */
final class PjLinkSession implements IoLoop.Handler, Runnable, BiConsumer<CheckResult, Throwable> {

    private enum Phase { WAITING, CONNECTING, GREETING, REPLY, DONE }

    private static final Logger LOG = LoggerFactory.getLogger(PjLinkSession.class);
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final IoLoop loop;
    private final String deviceId;
    private final PjLinkSettings settings;
    private final DeviceMemory memory;
    private final long deadlineNanos;
    private final long deadlineMs;
    private final Instant startedAt;
    private final CompletableFuture<CheckResult> future;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Consumer<PjLinkSession> onFinish;
    private final long detailsRefreshMs;
    private final String driverVersion;
    private final Executor resolver;
    private final LineFramer framer = new LineFramer();

    private Phase phase = Phase.WAITING;
    private PjLinkPoll poll;
    private InetSocketAddress address;
    private SocketChannel channel;
    private SelectionKey key;
    /** What the socket did not take of the last command (rare: a command is far smaller than any socket buffer). */
    private ByteBuffer out;
    /** Fires at {@link #timerDueNanos}: the deadline, or the end of a step, whichever was first when it was armed. */
    private IoLoop.Timer timer;
    private long timerDueNanos;
    private long stepDueNanos;
    private long stepMs;
    private Command current;
    private byte[] digest;
    private int repliesOnConnection;
    private long sentAtNanos;
    private boolean latencyMeasured;

    /**
     * @param deadlineNanos {@link System#nanoTime()} by which the future completes
     * @param deadlineMs    the deadline as the caller gave it, for error texts
     * @param resolver      looks up host names (blocking), so that the I/O thread never does
     * @param future        completed with the result (with {@code driver_version} when not null); its cancellation
     *                      ends the session once {@link #accept} is registered on it
     */
    PjLinkSession(IoLoop loop, Executor resolver, String deviceId, PjLinkSettings settings, DeviceMemory memory,
                  Instant startedAt, long deadlineNanos, long deadlineMs, CompletableFuture<CheckResult> future,
                  Consumer<PjLinkSession> onFinish, long detailsRefreshMs, String driverVersion) {
        this.loop = loop;
        this.resolver = resolver;
        this.deviceId = deviceId;
        this.settings = settings;
        this.memory = memory;
        this.startedAt = startedAt;
        this.deadlineNanos = deadlineNanos;
        this.deadlineMs = deadlineMs;
        this.future = future;
        this.onFinish = onFinish;
        this.detailsRefreshMs = detailsRefreshMs;
        this.driverVersion = driverVersion;
    }

    String deviceId() {
        return deviceId;
    }

    /** Completes once the session holds no socket any more (the next poll of the same device may start). */
    CompletableFuture<Void> closed() {
        return closed;
    }

    boolean isDone() {
        return phase == Phase.DONE;
    }

    /**
     * Loop thread, once the driver tried to start the session: the deadline runs, and the loop's stop reaches the
     * session even while it holds no channel. A session still queued (another poll of this device, or the connection
     * limit) gets its timer now; a started one has it already, armed for its first step, which the deadline bounds.
     */
    void armDeadline() {
        if (phase == Phase.DONE) {
            return;
        }
        loop.addStopHook(this);
        if (timer == null) {
            timerDueNanos = deadlineNanos;
            timer = loop.scheduleAt(deadlineNanos, this);
        }
    }

    /** Loop thread: the timer fired; ends the step or the poll if either is over, else waits on. */
    @Override
    public void run() {
        timer = null;
        if (phase == Phase.DONE) {
            return;
        }
        long now = System.nanoTime();
        if (phase != Phase.WAITING && now - stepDueNanos >= 0) {
            finish(CheckResult.ko(startedAt, stepTimeoutText(stepMs)));
        } else if (now - deadlineNanos >= 0) {
            finish(deadlineResult());
        } else {
            timerDueNanos = Math.min(stepDueNanos, deadlineNanos);
            timer = loop.scheduleAt(timerDueNanos, this);
        }
    }

    /** Any thread: the caller's future completed; if it was cancelled, the session ends and releases its socket. */
    @Override
    public void accept(CheckResult r, Throwable e) {
        if (future.isCancelled()) {
            loop.execute(this::cancel);
        }
    }

    /** Loop thread: connect now. */
    void start() {
        if (phase == Phase.DONE) {
            return;
        }
        long nowMs = System.currentTimeMillis();
        if (memory.authBlocked(nowMs, settings.passwordFingerprint())) {
            finish(CheckResult.ko(startedAt, "authentication failed (wrong or missing password); not retried before "
                    + HHMM.format(Instant.ofEpochMilli(memory.authBlockedUntilMs))));
            return;
        }
        if (poll == null) {
            poll = new PjLinkPoll(deviceId, settings, memory, startedAt, detailsRefreshMs, driverVersion);
        }
        connect();
    }

    private void connect() {
        if (address == null) {
            resolve();
            return;
        }
        try {
            // an IPv4 socket for an IPv4 projector: a dual-stack one costs a v4-mapped detour in the kernel per connect
            channel = address.getAddress() instanceof java.net.Inet4Address
                    ? SocketChannel.open(java.net.StandardProtocolFamily.INET) : SocketChannel.open();
            channel.configureBlocking(false);
            // No TCP_NODELAY (a system call per check): one command is in flight at a time and each is sent after
            // the reply that acknowledged the one before, so Nagle's algorithm never holds a command back.
            framer.reset();
            repliesOnConnection = 0;
            digest = null;
            phase = Phase.CONNECTING;
            if (channel.connect(address)) {
                connected();
            } else {
                key = loop.register(channel, SelectionKey.OP_CONNECT, this);
                armStep();
            }
        } catch (IOException e) {
            finish(CheckResult.ko(startedAt, connectError(e)));
        }
    }

    private void resolve() {
        String host = settings.host();
        phase = Phase.CONNECTING;
        if (settings.literalAddress() != null) {
            address = settings.literalAddress();
            connect();
            return;
        }
        armStep();
        try {
            resolver.execute(() -> {
                InetSocketAddress a = new InetSocketAddress(host, settings.port());
                loop.execute(() -> resolved(a));
            });
        } catch (RejectedExecutionException e) {
            finish(CheckResult.unknown(startedAt, "PJLink driver stopped"));
        }
    }

    private void resolved(InetSocketAddress a) {
        if (phase == Phase.DONE) {
            return;
        }
        if (a.isUnresolved()) {
            finish(CheckResult.ko(startedAt, "unknown host " + a.getHostString()));
            return;
        }
        address = a;
        connect();
    }

    private void connected() throws IOException {
        phase = Phase.GREETING;
        if (key == null) {
            key = loop.register(channel, SelectionKey.OP_READ, this);
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
        armStep();
    }

    @Override
    public void ready(SelectionKey k) throws IOException {
        if (phase == Phase.DONE) {
            return;
        }
        if (k.isConnectable()) {
            try {
                channel.finishConnect();
            } catch (IOException e) {
                finish(CheckResult.ko(startedAt, connectError(e)));
                return;
            }
            connected();
            return;
        }
        if (k.isWritable()) {
            flush();
        }
        if (k.isValid() && k.isReadable()) {
            read();
        }
    }

    private void read() throws IOException {
        ByteBuffer in = loop.readBuffer();
        in.clear();
        int n;
        try {
            n = channel.read(in);
        } catch (IOException e) {
            lostConnection("connection reset by the projector");
            return;
        }
        if (n < 0) {
            lostConnection("connection closed by the projector");
            return;
        }
        in.flip();
        SocketChannel reading = channel;
        try {
            byte[] line;
            // Stops when the session ends or reconnected (bytes left from the old connection belong to no command).
            while (phase != Phase.DONE && channel == reading && (line = framer.next(in)) != null) {
                onLine(line);
            }
        } catch (PjLinkProtocolException e) {
            finish(CheckResult.ko(startedAt, e.getMessage() + where()));
        }
    }

    private void onLine(byte[] line) throws PjLinkProtocolException, IOException {
        if (phase == Phase.GREETING) {
            PjLinkCodec.Greeting g = PjLinkCodec.parseGreeting(line);
            if (g.authRequired()) {
                if (settings.password() == null) {
                    finish(CheckResult.ko(startedAt, "authentication failed: the projector requires a password and none is configured"));
                    return;
                }
                digest = PjLinkCodec.digest(g.random(), settings.password()).getBytes(StandardCharsets.US_ASCII);
            }
            sendNext();
        } else if (phase == Phase.REPLY) {
            if (PjLinkCodec.isAuthError(line)) {
                authFailed();
                return;
            }
            PjLinkCodec.Reply reply = PjLinkCodec.parseReply(line, current.body());
            if (repliesOnConnection == 0 && digest != null) {
                memory.authSucceeded();
            }
            if (!latencyMeasured) {
                latencyMeasured = true;
                poll.result().latencyMs((System.nanoTime() - sentAtNanos) / 1e6);
            }
            repliesOnConnection++;
            poll.accept(current, reply);
            sendNext();
        }
        // Lines after ERRA or in other phases are ignored: nothing is waiting for them.
    }

    private void sendNext() throws IOException {
        current = poll.next();
        if (current == null) {
            end(poll.complete());
            return;
        }
        ByteBuffer w = loop.writeBuffer();
        w.clear();
        if (repliesOnConnection == 0 && digest != null) {
            w.put(digest);
        }
        w.put(current.wire()).flip();
        phase = Phase.REPLY;
        sentAtNanos = System.nanoTime();
        armStep();
        write(w);
    }

    /** Writes {@code w}; what the socket does not take now is kept and written when it can take more. */
    private void write(ByteBuffer w) throws IOException {
        try {
            channel.write(w);
        } catch (IOException e) {
            lostConnection("connection reset by the projector");
            return;
        }
        if (w.hasRemaining()) {
            if (out != w) {
                out = ByteBuffer.allocate(w.remaining()).put(w).flip();
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } else if (out != null) {
            out = null;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void flush() throws IOException {
        if (out != null) {
            write(out);
        }
    }

    /** EOF or reset: reconnect when this connection answered at least once (close-after-each-command, idle close). */
    private void lostConnection(String why) {
        if (phase == Phase.REPLY && repliesOnConnection > 0) {
            poll.retry(current);
            LOG.debug("device {}: {}; reconnecting for {}", deviceId, why, current);
            closeChannel();
            connect();
            return;
        }
        finish(CheckResult.ko(startedAt, why + where()));
    }

    private void authFailed() {
        memory.authFailed(System.currentTimeMillis(), settings.passwordFingerprint());
        LOG.warn("device {}: PJLink authentication failed (PJLINK ERRA); next attempt in {} s", deviceId,
                memory.authBackoffMs / 1000);
        finish(CheckResult.ko(startedAt, "authentication failed"));
    }

    /** A new step (connect, greeting, reply) begins: it may take the device's timeout, within the deadline. */
    private void armStep() {
        stepMs = Math.min(settings.timeoutMs(), remainingMs());
        stepDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stepMs);
        if (timer == null || stepDueNanos - timerDueNanos < 0) {
            if (timer != null) {
                timer.cancel();
            }
            timerDueNanos = stepDueNanos;
            timer = loop.scheduleAt(stepDueNanos, this);
        }
    }

    private String stepTimeoutText(long ms) {
        switch (phase) {
            case CONNECTING: return "connect timeout after " + ms + " ms";
            case GREETING: return "no greeting within " + ms + " ms";
            default: return "no reply to " + current + " within " + ms + " ms";
        }
    }

    private CheckResult deadlineResult() {
        switch (phase) {
            case WAITING: return CheckResult.ko(startedAt, "deadline of " + deadlineMs + " ms passed before the poll could start (previous poll of this device still running)");
            case CONNECTING: return CheckResult.ko(startedAt, "connect timeout after " + deadlineMs + " ms");
            case GREETING: return CheckResult.ko(startedAt, "no greeting within the deadline of " + deadlineMs + " ms");
            default: return CheckResult.ko(startedAt, "no reply to " + current + " within the deadline of " + deadlineMs + " ms");
        }
    }

    private String where() {
        switch (phase) {
            case GREETING: return " (waiting for the greeting)";
            case REPLY: return " (waiting for the reply to " + current + ")";
            default: return "";
        }
    }

    private long remainingMs() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static String connectError(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "host unreachable";
        }
        return "connect failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** Loop thread: the caller cancelled the check. */
    void cancel() {
        finish(CheckResult.unknown(startedAt, "cancelled"));
    }

    @Override
    public void stop() {
        finish(CheckResult.unknown(startedAt, "PJLink driver stopped"));
    }

    /** Ends the session with a result of its own (an error): the driver's version is added to it. */
    private void finish(CheckResult r) {
        if (phase != Phase.DONE) {
            end(driverVersion == null ? r : r.withMetric("driver_version", driverVersion));
        }
    }

    /** Ends the session with {@code r} as it is (the poll's result carries the driver's version already). */
    private void end(CheckResult r) {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        closeChannel();
        loop.removeStopHook(this);
        if (r.status() == Status.KO && LOG.isDebugEnabled()) {
            LOG.debug("device {}: {}", deviceId, r.error());
        }
        future.complete(r);
        closed.complete(null);
        onFinish.accept(this);
    }

    private void closeChannel() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("device {}: closing the socket failed: {}", deviceId, e.toString());
            }
            channel = null;
        }
        out = null;
    }
}
