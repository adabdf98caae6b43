package org.avmonitoring.agent.driver.extron.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.avmonitoring.agent.driver.support.ConversationFailure;
import org.avmonitoring.agent.driver.support.Conversation;
import org.avmonitoring.agent.driver.support.Exchange;

/**
 * One poll of one Extron device over SIS: wait for the copyright banner, log in when the device prompts
 * {@code Password:} (and a password is configured), then each {@link SisQuery} in turn, one reply line each.
 * Runs on the driver's I/O thread.
 *
 * <p>A device without a password sends its banner and a date line, then waits: the first query goes out
 * {@link #SETTLE} after the banner, so that a {@code Password:} prompt, if the device has one after all, comes first
 * and is reported as such rather than answered with a query.
 */
final class SisConversation implements Conversation<SisAnswers> {
    static final String LOGIN_FAILED = "login failed";
    static final Duration SETTLE = Duration.ofMillis(250);

    /** Where the conversation stands; read by the driver to word a timeout. */
    enum Stage { BANNER, AWAIT_PROMPT, AWAIT_LOGIN, SETTLING, QUERIES }

    private final String password;
    private final SisAnswers answers = new SisAnswers();
    private Stage stage = Stage.BANNER;
    private int query;
    private Duration queriesFrom;

    SisConversation(String password) {
        this.password = password;
    }

    Stage stage() {
        return stage;
    }

    @Override
    public void connected(Exchange<SisAnswers> exchange) {
        // The device speaks first.
    }

    @Override
    public void received(ByteBuffer unread, Exchange<SisAnswers> exchange) throws ConversationFailure {
        String line;
        while (stage != null && (line = SisReplies.nextLine(unread)) != null) {
            if (!line.isEmpty()) {
                onLine(line, exchange);
            }
        }
    }

    private void onLine(String line, Exchange<SisAnswers> exchange) throws ConversationFailure {
        boolean prompt = line.equals(SisReplies.PROMPT);
        switch (stage) {
            case BANNER -> {
                if (SisReplies.isBanner(line)) {
                    answers.model = SisReplies.bannerModel(line);
                    answers.latencyMs = exchange.elapsed().toNanos() / 1e6;
                    if (password != null) {
                        stage = Stage.AWAIT_PROMPT;
                    } else {
                        stage = Stage.SETTLING;
                        queriesFrom = exchange.elapsed().plus(SETTLE);
                        exchange.sendAfter(SETTLE, SisQuery.values()[0].bytes());
                    }
                } else if (prompt) {
                    answerPrompt(exchange);
                }
            }
            case AWAIT_PROMPT -> {
                if (prompt) {
                    answerPrompt(exchange);
                }
            }
            case AWAIT_LOGIN -> {
                if (line.startsWith("Login")) {
                    answers.login = SisReplies.bounded(line.substring(5).strip());
                    stage = Stage.QUERIES;
                    exchange.send(SisQuery.values()[0].bytes());
                } else {
                    throw new ConversationFailure(LOGIN_FAILED);
                }
            }
            case SETTLING, QUERIES -> {
                if (prompt) {
                    throw new ConversationFailure("the device asks for a password: set the password setting");
                }
                if (stage == Stage.SETTLING && exchange.elapsed().compareTo(queriesFrom) < 0) {
                    return; // the banner's date line
                }
                stage = Stage.QUERIES;
                reply(line, exchange);
            }
        }
    }

    private void answerPrompt(Exchange<SisAnswers> exchange) throws ConversationFailure {
        if (password == null) {
            throw new ConversationFailure("the device asks for a password: set the password setting");
        }
        stage = Stage.AWAIT_LOGIN;
        exchange.send((password + "\r").getBytes(StandardCharsets.US_ASCII));
    }

    private void reply(String line, Exchange<SisAnswers> exchange) {
        SisQuery q = SisQuery.values()[query];
        int error = SisReplies.errorCode(line);
        if (error >= 0) {
            answers.unsupported.add(q.name().toLowerCase() + " (E" + String.format("%02d", error) + ")");
        } else if (!q.read(line, answers) && answers.unreadable.size() < SisQuery.values().length) {
            answers.unreadable.add(q.name().toLowerCase() + ": " + SisReplies.bounded(line));
        }
        query++;
        if (query == SisQuery.values().length) {
            stage = null;
            exchange.complete(answers);
        } else {
            exchange.send(SisQuery.values()[query].bytes());
        }
    }
}
