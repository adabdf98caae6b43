package org.avmonitoring.agent.webui.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to the live-stream clients. {@link #publish} never blocks: each client has a bounded queue, and a
 * client whose queue is full (a slow or stalled browser) is dropped — its stream ends and the browser reconnects and
 * reloads — so that the collector thread that publishes is never held up.
 */
public final class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final Set<Subscription> subscribers = new CopyOnWriteArraySet<>();
    /** How soon a refused client tries again (a tab closed meanwhile makes room). */
    static final int REFUSED_RETRY_MS = 30_000;
    private final int maxClients;
    private final int queueSize;

    public EventHub(int maxClients, int queueSize) {
        this.maxClients = maxClients;
        this.queueSize = queueSize;
    }

    /** A new client, or null when {@code maxClients} are connected already. */
    public synchronized Subscription subscribe() {
        if (subscribers.size() >= maxClients) {
            return null;
        }
        Subscription s = new Subscription(queueSize);
        subscribers.add(s);
        return s;
    }

    /**
     * The whole stream a client gets when {@code maxClients} are connected: a {@code refused} event that says why, and
     * a reconnection delay long enough not to knock at full speed.
     */
    public String refusal() {
        return "retry: " + REFUSED_RETRY_MS + "\nevent: refused\ndata: {\"reason\":\"too many open UI tabs\",\"max_clients\":"
                + maxClients + "}\n\n";
    }

    public int clients() {
        return subscribers.size();
    }

    /** Sends one Server-Sent Event ({@code event: <name>}, {@code data: <JSON>}) to every client. */
    public void publish(String event, Object data) {
        if (subscribers.isEmpty()) {
            return;
        }
        String frame;
        try {
            frame = "event: " + event + "\ndata: " + JsonBody.JSON_TEXT.asString(data) + "\n\n";
        } catch (IOException e) {
            LOG.warn("live stream: event {} not serialisable: {}", event, e.getMessage());
            return;
        }
        for (Subscription s : subscribers) {
            if (!s.queue.offer(frame)) {
                LOG.info("live stream: a client fell {} events behind, dropped", queueSize);
                s.close();
            }
        }
    }

    /** Ends every stream (on deactivation). */
    public void closeAll() {
        subscribers.forEach(Subscription::close);
    }

    /** One connected client. */
    public final class Subscription implements AutoCloseable {
        /** Queued on close so that a waiting reader wakes at once (else it notices within its timeout). */
        private static final String END = "";
        private final BlockingQueue<String> queue;
        private volatile boolean closed;

        private Subscription(int size) {
            this.queue = new ArrayBlockingQueue<>(size);
        }

        /** The next frame, or null after {@code timeout} with nothing to send (time for a keep-alive) or once closed. */
        public String next(Duration timeout) throws InterruptedException {
            if (closed) {
                return null;
            }
            String frame = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return frame == null || frame.equals(END) || closed ? null : frame;
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            subscribers.remove(this);
            queue.clear();
            queue.offer(END);
        }
    }
}
