package org.avmonitoring.agent.driver.qsys.internal;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;

/**
 * One poll of a Q-SYS Core over QRC, as a state machine fed with frames: {@code Logon} first when credentials are
 * set (its answer is awaited only for an error: some firmware does not answer it), then {@code StatusGet}. The
 * {@code EngineStatus} the Core pushes on connect is kept and used when {@code StatusGet} is refused. No I/O here.
 */
final class QrcPoll {
    static final int LOGON_ID = 1;
    static final int STATUS_ID = 2;
    /** QRC error: "Logon required" (the Core has access control and this connection has not logged on). */
    static final int LOGON_REQUIRED = 10;
    static final String AUTH_FAILED = "authentication failed";

    private final Instant startedAt;
    private final String username;
    private final String password;
    private Map<String, Object> engineStatus;
    private CheckResult result;

    QrcPoll(Instant startedAt, String username, String password) {
        this.startedAt = startedAt;
        this.username = username;
        this.password = password;
    }

    /** What to send on connect: Logon (with credentials) and StatusGet, pipelined. */
    byte[] opening() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (password != null || username != null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("User", username == null ? "" : username);
            params.put("Password", password == null ? "" : password);
            out.writeBytes(QrcCodec.request(LOGON_ID, "Logon", params));
        }
        out.writeBytes(QrcCodec.request(STATUS_ID, "StatusGet", null));
        return out.toByteArray();
    }

    boolean done() {
        return result != null;
    }

    /** The result once {@link #done()}. */
    CheckResult result(double latencyMs) {
        return new CheckResult(result.status(), result.checkedAt(), latencyMs, result.metrics(), result.error());
    }

    /** Reads one frame. */
    void accept(byte[] frame) throws QrcProtocolException {
        Map<String, Object> m = QrcCodec.parse(frame);
        if ("EngineStatus".equals(m.get("method")) && m.get("params") instanceof Map<?, ?> params) {
            engineStatus = copy(params);
            return;
        }
        Object id = m.get("id");
        int n = id instanceof Number num ? num.intValue() : -1;
        Map<?, ?> error = m.get("error") instanceof Map<?, ?> e ? e : null;
        if (n == LOGON_ID && error != null) {
            result = CheckResult.ko(startedAt, AUTH_FAILED);
        } else if (n == STATUS_ID && error != null) {
            statusRefused(error);
        } else if (n == STATUS_ID && m.get("result") instanceof Map<?, ?> status) {
            result = evaluate(copy(status), startedAt);
        } else if (n == STATUS_ID) {
            throw new QrcProtocolException("a StatusGet answer without result or error");
        }
    }

    private void statusRefused(Map<?, ?> error) {
        int code = error.get("code") instanceof Number c ? c.intValue() : 0;
        if (code == LOGON_REQUIRED) {
            result = CheckResult.ko(startedAt, password == null && username == null
                    ? AUTH_FAILED + ": the Core requires a logon (set username and password)" : AUTH_FAILED);
            return;
        }
        String why = "StatusGet refused: " + QrcCodec.bounded(error.get("message")) + " (" + code + ")";
        if (engineStatus == null) {
            result = CheckResult.ko(startedAt, why);
            return;
        }
        CheckResult fromPush = evaluate(engineStatus, startedAt);
        CheckResult.Builder b = CheckResult.builder(startedAt).raise(fromPush.status(), fromPush.error()).warn(why);
        fromPush.metrics().forEach(b::metric);
        result = b.build();
    }

    /**
     * Status from a StatusGet answer (or an EngineStatus push, which has no Status member). The Core's status code
     * follows Q-SYS's status convention: 0 OK, 1 Compromised, 2 Fault, 3 Not Present, 4 Missing, 5 Initializing.
     */
    static CheckResult evaluate(Map<String, Object> s, Instant at) {
        CheckResult.Builder b = CheckResult.builder(at);
        b.metric("platform", text(s.get("Platform")));
        String state = text(s.get("State"));
        b.metric("state", state);
        b.metric("design_name", text(s.get("DesignName")));
        b.metric("design_code", text(s.get("DesignCode")));
        boolean redundant = Boolean.TRUE.equals(s.get("IsRedundant"));
        b.metric("redundant", s.get("IsRedundant") instanceof Boolean ? redundant : null);
        b.metric("emulator", s.get("IsEmulator") instanceof Boolean e ? e : null);
        if (s.get("Status") instanceof Map<?, ?> status) {
            Integer code = status.get("Code") instanceof Number c ? c.intValue() : null;
            String text = text(status.get("String"));
            b.metric("status_code", code);
            b.metric("status_text", text);
            Status st = codeStatus(code);
            if (st != Status.OK) {
                b.raise(st, text == null || text.isBlank() ? "status code " + code : text);
            }
        }
        if ("Standby".equalsIgnoreCase(state) && !redundant) {
            b.warn("the Core is in standby and not part of a redundant pair");
        } else if ("Idle".equalsIgnoreCase(state)) {
            b.warn("no design is running (Idle)");
        } else if (state != null && !"Active".equalsIgnoreCase(state) && !"Standby".equalsIgnoreCase(state)) {
            b.warn("engine state " + state);
        }
        return b.build();
    }

    private static Status codeStatus(Integer code) {
        if (code == null) {
            return Status.WARNING;
        }
        return switch (code) {
            case 0, 3 -> Status.OK; // "Not Present" is not an error condition in Q-SYS
            case 2, 4 -> Status.KO;
            default -> Status.WARNING; // 1 Compromised, 5 Initializing, codes of later releases
        };
    }

    private static String text(Object v) {
        return v == null || v instanceof Map || v instanceof java.util.List ? null : QrcCodec.bounded(v);
    }

    private static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> out = new HashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
