package org.avmonitoring.agent.driver.qsys.internal;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.driver.support.Conversation;
import org.avmonitoring.agent.driver.support.ConversationFailure;
import org.avmonitoring.agent.driver.support.Exchange;

/** One poll over one QRC connection: NUL-delimited frames in, {@link QrcPoll} reads them. */
final class QrcConversation implements Conversation<CheckResult> {
    private final QrcPoll poll;

    QrcConversation(Instant startedAt, QsysSettings settings) {
        this.poll = new QrcPoll(startedAt, settings.username(), settings.password());
    }

    @Override
    public void connected(Exchange<CheckResult> exchange) {
        exchange.send(poll.opening());
    }

    @Override
    public void received(ByteBuffer unread, Exchange<CheckResult> exchange) throws ConversationFailure {
        try {
            byte[] frame;
            while ((frame = QrcCodec.nextFrame(unread)) != null) {
                poll.accept(frame);
                if (poll.done()) {
                    exchange.complete(poll.result(exchange.elapsed().toNanos() / 1e6));
                    return;
                }
            }
        } catch (QrcProtocolException e) {
            throw new ConversationFailure("unreadable answer: " + e.getMessage());
        }
    }
}
