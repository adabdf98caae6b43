package org.avmonitoring.agent.driver.necdisplay.internal;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.driver.support.Conversation;
import org.avmonitoring.agent.driver.support.ConversationFailure;
import org.avmonitoring.agent.driver.support.Exchange;

/**
 * One poll over one connection: each request is sent {@link NecPoll#GAP_MS} after the reply to the previous one, as
 * the manuals ask, without holding a thread. A packet that cannot be read (wrong BCC, garbage) or a reply that does
 * not fit is asked again once; the second one ends the check with that error.
 */
final class NecConversation implements Conversation<CheckResult> {
    private static final Duration GAP = Duration.ofMillis(NecPoll.GAP_MS);

    private final NecPoll poll;
    private final DeviceMemory memory;
    private final int monitorId;
    private final long deadlineMs;

    NecConversation(NecPoll poll, DeviceMemory memory, int monitorId, Duration deadline) {
        this.poll = poll;
        this.memory = memory;
        this.monitorId = monitorId;
        this.deadlineMs = deadline.toMillis();
    }

    @Override
    public void connected(Exchange<CheckResult> exchange) {
        // The pause holds across polls too: a check right after another waits for the rest of it.
        long sinceLastMs = (System.nanoTime() - memory.lastReplyNanos) / 1_000_000;
        byte[] first = poll.next(remainingMs(exchange)).packet(monitorId);
        if (memory.lastReplyNanos != 0 && sinceLastMs >= 0 && sinceLastMs < NecPoll.GAP_MS) {
            exchange.sendAfter(Duration.ofMillis(NecPoll.GAP_MS - sinceLastMs), first);
        } else {
            exchange.send(first);
        }
    }

    @Override
    public void received(ByteBuffer unread, Exchange<CheckResult> exchange) throws ConversationFailure {
        try {
            NecCodec.Packet packet = NecCodec.next(unread);
            if (packet == null) {
                return;
            }
            memory.lastReplyNanos = System.nanoTime();
            poll.accept(packet);
        } catch (NecProtocolException e) {
            if (!poll.retryAfterProtocolError()) {
                throw new ConversationFailure(e.getMessage());
            }
            unread.position(unread.limit()); // The rest of a broken packet cannot be trusted.
        }
        NecRequest next = poll.next(remainingMs(exchange));
        if (next == null) {
            exchange.complete(poll.complete(exchange.elapsed().toNanos() / 1e6));
        } else {
            exchange.sendAfter(GAP, next.packet(monitorId));
        }
    }

    private long remainingMs(Exchange<CheckResult> exchange) {
        return deadlineMs - exchange.elapsed().toMillis();
    }
}
