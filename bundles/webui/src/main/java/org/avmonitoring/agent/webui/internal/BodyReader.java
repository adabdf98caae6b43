package org.avmonitoring.agent.webui.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * Reads a request body without holding an HTTP thread: Jetty calls back as bytes arrive, so a client that sends a
 * byte every few seconds costs a connection, not one of the 16 threads. The body is bounded in size and in the time
 * it may take; a client that goes silent is ended by Jetty's idle timeout ({@code org.apache.felix.http.timeout}).
 */
final class BodyReader implements ReadListener {
    /** What became of the body: the bytes, or the status and reason to refuse it with. */
    interface Outcome {
        void body(byte[] body);

        void refused(int status, String reason);
    }

    private final ServletInputStream in;
    private final int maxBytes;
    private final Duration maxTime;
    private final long deadline;
    private final Outcome outcome;
    private final Consumer<String> abortLog;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[8192];
    private boolean done;

    private BodyReader(ServletInputStream in, int maxBytes, Duration maxTime, Outcome outcome, Consumer<String> abortLog) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.maxTime = maxTime;
        this.deadline = System.nanoTime() + maxTime.toNanos();
        this.outcome = outcome;
        this.abortLog = abortLog;
    }

    /** Starts reading (the request must be in async mode); {@code outcome} is called once. */
    static void read(ServletInputStream in, int maxBytes, Duration maxTime, Outcome outcome, Consumer<String> abortLog) {
        in.setReadListener(new BodyReader(in, maxBytes, maxTime, outcome, abortLog));
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done && in.isReady()) {
            int n = in.read(chunk);
            if (n < 0) {
                return; // onAllDataRead follows
            }
            buf.write(chunk, 0, n);
            if (buf.size() > maxBytes) {
                finish(() -> outcome.refused(413, "body larger than " + maxBytes + " bytes"));
            }
        }
        if (!done && System.nanoTime() - deadline > 0) {
            finish(() -> outcome.refused(408, "body not received within " + maxTime.toSeconds() + " s"));
        }
    }

    @Override
    public void onAllDataRead() {
        finish(() -> outcome.body(buf.toByteArray()));
    }

    @Override
    public void onError(Throwable t) {
        // the client went away or went silent past the idle timeout: one line, no stack
        abortLog.accept(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        finish(() -> outcome.refused(408, "body not received"));
    }

    private void finish(Runnable then) {
        if (!done) {
            done = true;
            then.run();
        }
    }
}
