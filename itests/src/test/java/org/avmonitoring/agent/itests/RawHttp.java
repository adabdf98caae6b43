package org.avmonitoring.agent.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand on a socket to the agent on 127.0.0.1, for what a browser or {@code HttpURLConnection}
 * will not send: a body that trickles, a forged {@code Host}, a chosen source address in 127/8.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** A connection from {@code source} (an address of 127/8) to the agent's port. */
    static RawHttp connect(String source, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        return new RawHttp(s);
    }

    static RawHttp connect(int port) throws IOException {
        return connect("127.0.0.1", port);
    }

    RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** What the server sent until it closed, or until {@code timeoutMs} passed with nothing more (then cut there). */
    String read(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        InputStream in = socket.getInputStream();
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException endOfWait) {
            // what came so far is the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A whole request with {@code Connection: close}: the response's text (status line, headers, body). */
    static String exchange(int port, String request) throws IOException {
        try (RawHttp c = connect(port)) {
            return c.send(request).read(10_000);
        }
    }

    static int status(String response) {
        return response.length() < 12 ? -1 : Integer.parseInt(response.substring(9, 12));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
