package org.avmonitoring.agent.driver.support;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.driver.HostResolver;

/**
 * The check flow every TCP conversation driver shares: one conversation per device at a time (a second check while
 * one runs shares its result, and cancelling it leaves the running one be), the host resolved off the I/O thread, the
 * conversation started within what is left of the deadline, its answer or failure made into the driver's result,
 * and cancellation passed on to the conversation, which closes the socket. A check that fails because the driver is
 * stopping is unknown, not ko: nothing was learnt about the device.
 */
public final class DeviceChecks implements AutoCloseable {
    private final ConcurrentMap<String, CompletableFuture<CheckResult>> inFlight = new ConcurrentHashMap<>();
    private final HostResolver resolver;
    private final TcpConversations conversations;
    private final String stoppedMessage;

    /**
     * Starts the driver's I/O thread ({@code <name>-io}) and host lookups ({@code <name>-dns}); {@link #close} stops
     * both.
     *
     * @param maxUnreadBytes what a device may send without completing a reply (see {@link TcpConversations})
     * @param stoppedMessage the error of the unknown result a check gets when the driver stops under it
     */
    public DeviceChecks(String name, int maxUnreadBytes, String stoppedMessage) {
        this.conversations = new TcpConversations(name + "-io", maxUnreadBytes);
        this.resolver = new HostResolver(name + "-dns", 2);
        this.stoppedMessage = stoppedMessage;
    }

    /** Ends every conversation (their checks are unknown, with the stop message), then the host lookups. */
    @Override
    public void close() {
        conversations.close();
        resolver.close();
    }

    /**
     * What one check does when its turn comes: talk {@code conversation} with {@code host}:{@code port}, each step
     * within {@code step}, then the result of its answer ({@code answered}) or of why it failed ({@code failed}: the
     * lookup's, the {@link ConversationFailure}'s or the I/O's message, for a person to read).
     */
    public record Plan<R>(String host, int port, Duration step, Conversation<R> conversation,
                          Function<R, CheckResult> answered, Function<String, CheckResult> failed) {
    }

    /**
     * The check of {@code deviceId} running now, or a new one made of {@code plan} (asked for only then, so that a
     * shared check builds no conversation). Completes with a result, never exceptionally, unless cancelled.
     */
    public CompletableFuture<CheckResult> check(String deviceId, Instant startedAt, Duration deadline,
                                                Supplier<Plan<?>> plan) {
        CompletableFuture<CheckResult> mine = new CompletableFuture<>();
        // A finished check may linger in the map for a moment (its removal runs after its completion): not running.
        CompletableFuture<CheckResult> running = inFlight.compute(deviceId, (id, f) -> f == null || f.isDone() ? mine : f);
        if (running != mine) {
            return running.handle((r, e) -> r != null ? r
                    : CheckResult.unknown(startedAt, "a concurrent check of this device was cancelled"));
        }
        mine.whenComplete((r, e) -> inFlight.remove(deviceId, mine));
        run(plan.get(), startedAt, deadline, mine);
        return mine;
    }

    private <R> void run(Plan<R> plan, Instant startedAt, Duration deadline, CompletableFuture<CheckResult> mine) {
        long startNanos = System.nanoTime();
        resolver.resolve(plan.host(), plan.step()).whenComplete((address, lookupError) -> {
            if (lookupError != null) {
                complete(mine, plan, startedAt, null, lookupError);
                return;
            }
            Duration left = deadline.minusNanos(System.nanoTime() - startNanos);
            CompletableFuture<R> talk = conversations.start(new InetSocketAddress(address, plan.port()), plan.step(),
                    left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left, plan.conversation());
            mine.whenComplete((r, e) -> {
                if (mine.isCancelled()) {
                    talk.cancel(false); // closes the socket
                }
            });
            talk.whenComplete((answer, failure) -> complete(mine, plan, startedAt, answer, failure));
        });
    }

    private <R> void complete(CompletableFuture<CheckResult> mine, Plan<R> plan, Instant startedAt, R answer,
                              Throwable failure) {
        try {
            mine.complete(failure == null ? plan.answered().apply(answer)
                    : conversations.isClosed() ? CheckResult.unknown(startedAt, stoppedMessage)
                    : plan.failed().apply(reason(failure)));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e); // a driver's fault, not a device's: the collector reports it
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
