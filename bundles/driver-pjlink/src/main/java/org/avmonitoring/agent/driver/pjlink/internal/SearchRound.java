package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.driver.DiscoveredDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One class 2 search (§3.2): sends {@code %2SRCH} to the search address (the broadcast address in production),
 * collects {@code %2ACKN=<mac>} answers until the duration ends, one entry per answering address.
 */
final class SearchRound implements IoLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(SearchRound.class);
    private static final byte[] SRCH = "%2SRCH\r".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ANSWERS = 4096;
    static final int MAX_TARGETS = 256;

    private final DatagramChannel channel;
    private final int pollPort;
    private final CompletableFuture<List<DiscoveredDevice>> future;
    private final Map<String, DiscoveredDevice> found = new LinkedHashMap<>();
    private IoLoop.Timer timer;

    private SearchRound(DatagramChannel channel, int pollPort, CompletableFuture<List<DiscoveredDevice>> future) {
        this.channel = channel;
        this.pollPort = pollPort;
        this.future = future;
    }

    /**
     * The search targets from the driver's {@code searchAddress}: one address or several separated by commas (the dev
     * setup lists its simulators' loopback addresses: a broadcast would leave the machine). At most
     * {@value #MAX_TARGETS}.
     */
    static List<InetSocketAddress> targets(String searchAddress, int port) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String address : searchAddress.split(",")) {
            if (!address.isBlank() && out.size() < MAX_TARGETS) {
                out.add(new InetSocketAddress(address.trim(), port)); // resolved here, off the I/O thread
            }
        }
        return out;
    }

    /** Loop thread: sends the search to each target and completes {@code future} after {@code durationMs}. */
    static void start(IoLoop loop, List<InetSocketAddress> targets, long durationMs,
                      CompletableFuture<List<DiscoveredDevice>> future) {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            ch.bind(null);
            SearchRound round = new SearchRound(ch, targets.isEmpty() ? 0 : targets.get(0).getPort(), future);
            loop.register(ch, SelectionKey.OP_READ, round);
            for (InetSocketAddress target : targets) {
                ch.send(ByteBuffer.wrap(SRCH), target);
            }
            round.timer = loop.schedule(durationMs, round::stop);
            future.whenComplete((r, e) -> {
                if (future.isCancelled()) {
                    loop.execute(round::stop);
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("PJLink search to {} failed: {}", targets, e.toString());
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            future.completeExceptionally(e);
        }
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
        Datagrams.drain(channel, this::answer);
    }

    private void answer(byte[] datagram, String host) {
        String line = new String(datagram, StandardCharsets.ISO_8859_1).trim();
        if (line.length() > 7 && line.substring(0, 7).toUpperCase(Locale.ROOT).equals("%2ACKN=") && found.size() < MAX_ANSWERS) {
            String mac = PjLinkCodec.decodeText(line.substring(7).getBytes(StandardCharsets.ISO_8859_1));
            found.putIfAbsent(host, new DiscoveredDevice("pjlink", host, pollPort, "PJLink class 2, MAC " + mac));
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the search socket failed: {}", e.toString());
        }
        future.complete(new ArrayList<>(found.values()));
    }
}
