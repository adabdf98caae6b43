package org.avmonitoring.agent.driver.support;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: a tiny peer per test, the conversation a CR-terminated line protocol. */
class TcpConversationsTest {

    private static final Duration STEP = Duration.ofMillis(300);
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final TcpConversations io = new TcpConversations("test-io", 64);
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        io.close();
        if (server != null) {
            server.close();
        }
    }

    /** Sends "PING" (after {@code pause} when not null) and completes with the first CR-terminated line. */
    private static Conversation<String> pingLine(Duration pause, int pings) {
        return new Conversation<>() {
            int answers;

            @Override
            public void connected(Exchange<String> ex) {
                ex.send("PING\r".getBytes(US_ASCII));
            }

            @Override
            public void received(ByteBuffer unread, Exchange<String> ex) {
                for (int i = unread.position(); i < unread.limit(); i++) {
                    if (unread.get(i) == '\r') {
                        byte[] line = new byte[i - unread.position()];
                        unread.get(line).get();
                        if (++answers == pings) {
                            ex.complete(new String(line, US_ASCII));
                        } else {
                            ex.sendAfter(pause, "PING\r".getBytes(US_ASCII));
                        }
                        return;
                    }
                }
            }
        };
    }

    /** A peer that runs {@code behaviour} on each accepted socket. */
    private InetSocketAddress peer(PeerBehaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    behaviour.serve(s, s.getInputStream(), s.getOutputStream());
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "test-peer");
        t.setDaemon(true);
        t.start();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private interface PeerBehaviour {
        void serve(Socket s, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    private static String failureOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertInstanceOf(ConversationFailure.class, e.getCause());
            return e.getCause().getMessage();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the conversation never ended", e);
        }
        throw new AssertionError("the conversation succeeded");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
            sb.append((char) b);
        }
        return sb.toString();
    }

    @Test
    void aRequestGetsItsAnswerAndTheSocketIsReleased() throws Exception {
        InetSocketAddress at = peer((s, in, out) -> {
            assertEquals("PING", readLine(in));
            out.write("PO".getBytes(US_ASCII)); // split frame: the conversation waits for the rest
            out.flush();
            Thread.sleep(20);
            out.write("NG\r".getBytes(US_ASCII));
            out.flush();
            in.read();
        });
        assertEquals("PONG", io.start(at, STEP, DEADLINE, pingLine(null, 1)).get(10, TimeUnit.SECONDS));
        assertEquals(0, io.openConversations());
    }

    @Test
    void aPauseSeparatesRequestsWithoutBlockingOthers() throws Exception {
        BlockingQueue<Long> requestTimes = new LinkedBlockingQueue<>();
        InetSocketAddress at = peer((s, in, out) -> {
            for (int i = 0; i < 2; i++) {
                readLine(in);
                requestTimes.add(System.nanoTime());
                out.write("OK\r".getBytes(US_ASCII));
                out.flush();
            }
            in.read();
        });
        CompletableFuture<String> paced = io.start(at, STEP, DEADLINE, pingLine(Duration.ofMillis(600), 2));
        // The I/O thread is free during the pause: a refused connection elsewhere is answered meanwhile.
        CompletableFuture<String> other = io.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1),
                STEP, DEADLINE, pingLine(null, 1));
        assertEquals("connection refused", failureOf(other));
        assertTrue(!paced.isDone(), "the paced conversation is still in its pause");
        assertEquals("OK", paced.get(10, TimeUnit.SECONDS));
        long gapMs = TimeUnit.NANOSECONDS.toMillis(-requestTimes.take() + requestTimes.take());
        assertTrue(gapMs >= 590, "requests " + gapMs + " ms apart");
    }

    @Test
    void aSilentDeviceFailsAfterTheStepTimeout() throws Exception {
        InetSocketAddress at = peer((s, in, out) -> in.transferTo(OutputStream.nullOutputStream()));
        assertEquals("no answer within 300 ms", failureOf(io.start(at, STEP, DEADLINE, pingLine(null, 1))));
    }

    @Test
    void aTricklingDeviceFailsAtTheDeadline() throws Exception {
        InetSocketAddress at = peer((s, in, out) -> {
            for (int i = 0; i < 100; i++) { // a byte every 100 ms keeps the step timer alive, never a CR
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        });
        CompletableFuture<String> f = io.start(at, STEP, Duration.ofMillis(700), new Conversation<>() {
            @Override
            public void connected(Exchange<String> ex) {
            }

            @Override
            public void received(ByteBuffer unread, Exchange<String> ex) {
                unread.position(unread.limit());
            }
        });
        assertEquals("deadline of 700 ms passed", failureOf(f));
    }

    @Test
    void garbageWithoutAFrameEndIsBounded() throws Exception {
        InetSocketAddress at = peer((s, in, out) -> {
            readLine(in);
            out.write(new byte[200]);
            out.flush();
            in.read();
        });
        assertEquals("more than 64 bytes without a complete reply",
                failureOf(io.start(at, STEP, DEADLINE, pingLine(null, 1))));
    }

    @Test
    void aDeviceThatClosesIsNamed() throws Exception {
        InetSocketAddress at = peer((s, in, out) -> readLine(in));
        assertEquals("connection closed by the device", failureOf(io.start(at, STEP, DEADLINE, pingLine(null, 1))));
    }

    @Test
    void cancellingReleasesTheSocketAndStoppingEndsEveryConversation() throws Exception {
        BlockingQueue<Integer> peerSaw = new LinkedBlockingQueue<>();
        InetSocketAddress at = peer((s, in, out) -> {
            peerSaw.add(in.read());
            in.transferTo(OutputStream.nullOutputStream());
        });
        CompletableFuture<String> cancelled = io.start(at, Duration.ofSeconds(30), Duration.ofSeconds(30),
                new Conversation<>() {
                    @Override
                    public void connected(Exchange<String> ex) {
                    }

                    @Override
                    public void received(ByteBuffer unread, Exchange<String> ex) {
                    }
                });
        while (io.openConversations() == 0) {
            Thread.onSpinWait();
        }
        cancelled.cancel(true);
        assertEquals(-1, peerSaw.poll(10, TimeUnit.SECONDS), "the peer sees the socket closed");
        assertEquals(0, io.openConversations());

        CompletableFuture<String> pending = io.start(at, Duration.ofSeconds(30), Duration.ofSeconds(30),
                pingLine(null, 1));
        io.close();
        assertEquals("driver stopping", failureOf(pending));
        assertEquals("driver stopping", failureOf(io.start(at, STEP, DEADLINE, pingLine(null, 1))));
    }
}
