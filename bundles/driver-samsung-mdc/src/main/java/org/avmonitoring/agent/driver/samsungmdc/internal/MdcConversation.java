package org.avmonitoring.agent.driver.samsungmdc.internal;

import java.nio.ByteBuffer;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.driver.support.Conversation;
import org.avmonitoring.agent.driver.support.ConversationFailure;
import org.avmonitoring.agent.driver.support.Exchange;

/**
 * One poll over one connection: sends the poll's gets one at a time, each after the reply to the previous one.
 * A reply that is not MDC (garbage, a wrong checksum) ends the check with that error.
 */
final class MdcConversation implements Conversation<CheckResult> {
    static final String CLOSED_AT_ONCE = "the display closed the connection without answering: if \"Secured Protocol\""
            + " is on in its MDC settings, turn it off (this driver speaks plain MDC only)";

    private final MdcPoll poll;

    MdcConversation(MdcPoll poll) {
        this.poll = poll;
    }

    @Override
    public void connected(Exchange<CheckResult> exchange) {
        exchange.send(poll.next());
    }

    @Override
    public void received(ByteBuffer unread, Exchange<CheckResult> exchange) throws ConversationFailure {
        try {
            MdcCodec.Reply reply;
            while ((reply = MdcCodec.next(unread)) != null) {
                poll.accept(reply);
                byte[] request = poll.next();
                if (request == null) {
                    exchange.complete(poll.complete(exchange.elapsed().toNanos() / 1e6));
                    return;
                }
                exchange.send(request);
            }
        } catch (MdcProtocolException e) {
            throw new ConversationFailure(e.getMessage());
        }
    }

    @Override
    public void closedByPeer(Exchange<CheckResult> exchange) throws ConversationFailure {
        throw new ConversationFailure(poll.answered() ? "connection closed by the display" : CLOSED_AT_ONCE);
    }
}
