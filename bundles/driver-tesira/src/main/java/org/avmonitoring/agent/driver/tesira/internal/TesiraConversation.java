package org.avmonitoring.agent.driver.tesira.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.driver.support.Conversation;
import org.avmonitoring.agent.driver.support.ConversationFailure;
import org.avmonitoring.agent.driver.support.Exchange;

/** One poll over one Telnet connection: {@link TelnetLines} turns bytes into lines, {@link TesiraPoll} reads them. */
final class TesiraConversation implements Conversation<CheckResult> {
    private final TelnetLines telnet = new TelnetLines();
    private final TesiraPoll poll;

    TesiraConversation(Instant startedAt) {
        this.poll = new TesiraPoll(startedAt);
    }

    @Override
    public void connected(Exchange<CheckResult> exchange) {
        // The server speaks first: negotiation, then the banner.
    }

    @Override
    public void received(ByteBuffer unread, Exchange<CheckResult> exchange) throws ConversationFailure {
        try {
            TelnetLines.Result r = telnet.consume(unread);
            if (r.answers().length > 0) {
                exchange.send(r.answers());
            }
            for (String line : r.lines()) {
                String command = poll.accept(line);
                if (poll.done()) {
                    exchange.complete(poll.result(exchange.elapsed().toNanos() / 1e6));
                    return;
                }
                if (command != null) {
                    exchange.send(command.getBytes(StandardCharsets.US_ASCII));
                }
            }
        } catch (TtpSyntaxException e) {
            throw new ConversationFailure("unreadable answer: " + e.getMessage());
        }
        if (!poll.started() && TesiraPoll.isLoginPrompt(telnet.pending())) {
            throw new ConversationFailure("the device asks for a Telnet login (TTP protection is on); this driver"
                    + " does not log in");
        }
    }
}
