package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class 2 status notifications on UDP (§3.3: {@code %2LKUP}, {@code %2ERST}, {@code %2POWR}, {@code %2INPT}): each
 * one asks for an immediate check of the sender. They are hints (UDP may be lost; polling goes on), and a sender
 * triggers at most one check per second so that a chatty or hostile device cannot flood the collector.
 */
final class NotificationListener implements IoLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final long MIN_INTERVAL_MS = 1000;
    private static final int MAX_TRACKED_SENDERS = 10_000;

    private final DatagramChannel channel;
    private final Consumer<String> trigger;
    private final Map<String, Long> lastTrigger = new HashMap<>();

    private NotificationListener(DatagramChannel channel, Consumer<String> trigger) {
        this.channel = channel;
        this.trigger = trigger;
    }

    /** Loop thread: binds and registers; {@code trigger} gets the sender's IP address. */
    static NotificationListener open(IoLoop loop, InetSocketAddress bindAddress, Consumer<String> trigger) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.configureBlocking(false);
            ch.bind(bindAddress);
            NotificationListener l = new NotificationListener(ch, trigger);
            loop.register(ch, SelectionKey.OP_READ, l);
            return l;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
        Datagrams.drain(channel, this::handle);
    }

    private void handle(byte[] datagram, String sender) {
        int end = 0;
        while (end < datagram.length && datagram[end] != '\r') {
            end++;
        }
        String line = new String(datagram, 0, end, StandardCharsets.ISO_8859_1);
        if (line.length() < 7 || !line.startsWith("%2") || line.charAt(6) != '=') {
            LOG.debug("ignored a UDP datagram from {}: {}", sender, PjLinkCodec.excerpt(datagram));
            return;
        }
        String body = line.substring(2, 6).toUpperCase(Locale.ROOT);
        if (!body.equals("LKUP") && !body.equals("ERST") && !body.equals("POWR") && !body.equals("INPT")) {
            return;
        }
        long now = System.currentTimeMillis();
        Long last = lastTrigger.get(sender);
        if (last != null && now - last < MIN_INTERVAL_MS) {
            return;
        }
        if (lastTrigger.size() >= MAX_TRACKED_SENDERS) {
            lastTrigger.clear();
        }
        lastTrigger.put(sender, now);
        LOG.debug("PJLink notification %2{} from {}: checking it now", body, sender);
        trigger.accept(sender);
    }

    @Override
    public void stop() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the notification socket failed: {}", e.toString());
        }
    }
}
