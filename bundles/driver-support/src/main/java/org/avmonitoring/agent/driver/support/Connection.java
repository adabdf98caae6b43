package org.avmonitoring.agent.driver.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One conversation's socket, buffers and timers. Every method runs on the I/O thread. */
final class Connection<R> implements Exchange<R> {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int FIRST_BUFFER_BYTES = 512;

    private final TcpConversations loop;
    private final InetSocketAddress address;
    private final long stepMs;
    private final long deadlineMs;
    private final Conversation<R> conversation;
    private final CompletableFuture<R> result = new CompletableFuture<>();
    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer unread;
    private TcpConversations.Timer stepTimer;
    private TcpConversations.Timer deadlineTimer;
    private long startNanos;
    private boolean ended;

    Connection(TcpConversations loop, InetSocketAddress address, long stepMs, long deadlineMs,
               Conversation<R> conversation) {
        this.loop = loop;
        this.address = address;
        this.stepMs = stepMs;
        this.deadlineMs = deadlineMs;
        this.conversation = conversation;
    }

    CompletableFuture<R> result() {
        return result;
    }

    void open() {
        if (result.isDone()) {
            return;
        }
        startNanos = System.nanoTime();
        loop.opened(this);
        deadlineTimer = loop.schedule(deadlineMs, () -> fail("deadline of " + deadlineMs + " ms passed"));
        if (address.isUnresolved()) {
            fail("unknown host " + address.getHostString());
            return;
        }
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            key = channel.register(loop.selector(), connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                connected();
            } else {
                restartStepTimer("no connection within " + stepMs + " ms");
            }
        } catch (IOException e) {
            fail(connectFailure(e));
        }
    }

    /** The future was cancelled: release the socket. */
    void abandon() {
        end(null, null);
    }

    void ready(SelectionKey readyKey) {
        if (ended || !readyKey.isValid()) {
            return;
        }
        try {
            if (readyKey.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                connected();
                return;
            }
            if (readyKey.isWritable()) {
                flush();
            }
            if (!ended && readyKey.isReadable()) {
                read();
            }
        } catch (IOException e) {
            fail(channel.isConnected() ? "connection lost: " + reason(e) : connectFailure(e));
        }
    }

    @Override
    public void send(byte[] bytes) {
        if (ended) {
            return;
        }
        unsent.add(ByteBuffer.wrap(bytes));
        restartStepTimer("no answer within " + stepMs + " ms");
        try {
            flush();
        } catch (IOException e) {
            fail("connection lost: " + reason(e));
        }
    }

    @Override
    public void sendAfter(Duration pause, byte[] bytes) {
        if (ended) {
            return;
        }
        cancelStepTimer();
        loop.schedule(pause.toMillis(), () -> send(bytes));
    }

    @Override
    public void complete(R value) {
        end(value, null);
    }

    @Override
    public void fail(String reason) {
        end(null, new ConversationFailure(reason));
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void connected() {
        restartStepTimer("no answer within " + stepMs + " ms");
        talk(() -> conversation.connected(this));
    }

    private void read() throws IOException {
        if (unread == null) {
            unread = ByteBuffer.allocate(Math.min(FIRST_BUFFER_BYTES, loop.maxUnreadBytes()));
        }
        int n = channel.read(unread);
        if (n < 0) {
            talk(() -> conversation.closedByPeer(this));
            if (!ended) {
                fail("connection closed by the device");
            }
            return;
        }
        if (n == 0) {
            return;
        }
        restartStepTimer("no answer within " + stepMs + " ms");
        unread.flip();
        talk(() -> conversation.received(unread, this));
        if (ended) {
            return;
        }
        unread.compact();
        if (!unread.hasRemaining()) {
            if (unread.capacity() >= loop.maxUnreadBytes()) {
                fail("more than " + loop.maxUnreadBytes() + " bytes without a complete reply");
                return;
            }
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(unread.capacity() * 2, loop.maxUnreadBytes()));
            unread.flip();
            bigger.put(unread);
            unread = bigger;
        }
    }

    private void flush() throws IOException {
        while (!unsent.isEmpty()) {
            ByteBuffer head = unsent.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                break;
            }
            unsent.poll();
        }
        if (!ended && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | (unsent.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
    }

    /** Runs a conversation callback; what it throws ends the conversation. */
    private void talk(Step step) {
        try {
            step.run();
        } catch (ConversationFailure f) {
            end(null, f);
        } catch (RuntimeException e) {
            LOG.warn("conversation with {} failed in the driver: {}", address, e.toString());
            fail("driver error: " + e.getClass().getSimpleName());
        }
    }

    private void restartStepTimer(String whenItFires) {
        cancelStepTimer();
        stepTimer = loop.schedule(stepMs, () -> fail(whenItFires));
    }

    private void cancelStepTimer() {
        if (stepTimer != null) {
            stepTimer.cancel();
            stepTimer = null;
        }
    }

    private void end(R value, ConversationFailure failure) {
        if (ended) {
            return;
        }
        ended = true;
        cancelStepTimer();
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
        }
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the socket to {} failed: {}", address, e.toString());
            }
        }
        unsent.clear();
        unread = null;
        loop.ended(this);
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(value);
        }
    }

    private static String connectFailure(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return "cannot connect: " + reason(e);
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A conversation callback. */
    private interface Step {
        void run() throws ConversationFailure;
    }
}
