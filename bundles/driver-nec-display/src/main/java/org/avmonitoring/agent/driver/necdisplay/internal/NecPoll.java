package org.avmonitoring.agent.driver.necdisplay.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;

/**
 * The protocol half of one poll, without sockets. Every poll reads the power status and the self-diagnosis; the
 * details (input, volume, mute) are read again when older than the details refresh or when the power changed, the
 * identity (serial number, model name) when older than the identity refresh, oldest first and only while the check's
 * deadline leaves room for another packet after the manual's 600 ms pause, so a slow chain of packets never turns
 * into a timeout; what is not read this time is reported from memory and read first next time. A NULL message
 * (busy) is asked again once; result code 01 (unsupported) leaves the metric out.
 */
final class NecPoll {
    /** The pause the manuals ask for between packets. */
    static final long GAP_MS = 600;
    /** Room kept for a reply after the pause before an optional request is sent. */
    static final long REPLY_ALLOWANCE_MS = 1000;
    static final int MAX_ATTEMPTS = 2;

    private final NecSettings settings;
    private final DeviceMemory memory;
    private final long nowMs;
    private final long detailsRefreshMs;
    private final long identityRefreshMs;
    private final CheckResult.Builder result;
    private final Deque<NecRequest> queue = new ArrayDeque<>();
    private NecRequest current;
    private int attempts;
    private boolean planned;
    private int answered;
    private int protocolErrors;
    private String power;
    private int[] diagnosis;

    NecPoll(NecSettings settings, DeviceMemory memory, Instant startedAt, long detailsRefreshMs,
            long identityRefreshMs) {
        this.settings = settings;
        this.memory = memory;
        this.nowMs = startedAt.toEpochMilli();
        this.detailsRefreshMs = detailsRefreshMs;
        this.identityRefreshMs = identityRefreshMs;
        this.result = CheckResult.builder(startedAt);
        queue.add(NecRequest.POWER);
        queue.add(NecRequest.DIAGNOSIS);
    }

    /**
     * The request to send next (the same one again after a NULL message), or null when the poll is complete.
     *
     * @param remainingMs time left before the check's deadline
     */
    NecRequest next(long remainingMs) {
        if (current != null) {
            return current;
        }
        if (queue.isEmpty() && !planned) {
            planOptional();
        }
        NecRequest r = queue.peek();
        if (r == null || r.kind != NecRequest.Kind.CORE && remainingMs < GAP_MS + REPLY_ALLOWANCE_MS) {
            return null;
        }
        current = queue.poll();
        attempts = 0;
        return current;
    }

    /** Whether the monitor has answered anything but the NULL message yet. */
    boolean answered() {
        return answered > 0;
    }

    private void planOptional() {
        planned = true;
        boolean powerChanged = power != null && !power.equals(memory.power);
        List<NecRequest> stale = new ArrayList<>();
        for (NecRequest r : NecRequest.values()) {
            long age = nowMs - memory.readAt(r);
            if (r.kind == NecRequest.Kind.DETAIL && (powerChanged || memory.readAt(r) == Long.MIN_VALUE
                    || age >= detailsRefreshMs)
                    || r.kind == NecRequest.Kind.IDENTITY && (memory.readAt(r) == Long.MIN_VALUE
                    || age >= identityRefreshMs)) {
                stale.add(r);
            }
        }
        stale.sort(Comparator.comparingLong(memory::readAt));
        queue.addAll(stale);
    }

    /**
     * A packet that could not be read, or a reply that does not fit the request: true to ask again (the first time),
     * false when it happened before in this poll and the check should fail with it.
     */
    boolean retryAfterProtocolError() {
        return ++protocolErrors < 2;
    }

    /**
     * Takes the reply to the current request.
     *
     * @throws NecProtocolException when it is not a reply to it
     */
    void accept(NecCodec.Packet p) throws NecProtocolException {
        NecRequest r = current;
        if (r == null) {
            throw new NecProtocolException("unrequested packet");
        }
        if (settings.monitorId() != 0 && p.source() != (char) NecCodec.destination(settings.monitorId())) {
            throw new NecProtocolException("reply from monitor id " + ((p.source() & 0xff) - 0x40) + ", not "
                    + settings.monitorId() + ": check monitor_id");
        }
        if (p.isNull()) {
            if (++attempts >= MAX_ATTEMPTS) {
                current = null; // Still busy: left out this time.
            }
            return;
        }
        take(r, p);
        answered++;
        current = null;
    }

    private void take(NecRequest r, NecCodec.Packet p) throws NecProtocolException {
        switch (r) {
            case POWER:
                Integer mode = NecCodec.powerMode(p);
                if (mode != null) {
                    power = NecCodec.power(mode);
                    result.metric("power", power);
                }
                break;
            case DIAGNOSIS:
                diagnosis = NecCodec.diagnosis(p);
                break;
            case INPUT:
            case VOLUME:
            case MUTE:
                NecCodec.Parameter v = NecCodec.parameter(p, r.message);
                remember(r, v.unsupported() ? null : r == NecRequest.INPUT ? Diagnosis.code(v.current())
                        : r == NecRequest.MUTE ? (Object) (v.current() == 1) : (Object) v.current());
                break;
            default:
                String text = NecCodec.text(p, r == NecRequest.SERIAL ? "C316" : "C317");
                remember(r, text.isEmpty() ? null : text);
                break;
        }
    }

    private void remember(NecRequest r, Object value) {
        if (value == null) {
            memory.answers.remove(r);
        } else {
            memory.answers.put(r, value);
        }
        memory.readAtMs.put(r, nowMs);
    }

    /** The result; {@code latencyMs} is the whole conversation's duration. */
    CheckResult complete(double latencyMs) {
        result.latencyMs(latencyMs);
        if (answered == 0) {
            return result.fail("the monitor answered every request with the NULL message (busy, or not accepting"
                    + " commands)").build();
        }
        if (power != null) {
            memory.power = power;
        }
        if (diagnosis != null) {
            List<String> codes = new ArrayList<>();
            for (int c : diagnosis) {
                codes.add(Diagnosis.code(c));
                Status s = Diagnosis.status(c, power);
                if (s != Status.OK) {
                    result.raise(s, Diagnosis.describe(c));
                }
            }
            result.metric("self_diagnosis", String.join(",", codes));
        }
        for (NecRequest r : NecRequest.values()) {
            if (r.kind != NecRequest.Kind.CORE) {
                result.metric(r.metric, memory.answers.get(r));
            }
        }
        return result.build();
    }
}
