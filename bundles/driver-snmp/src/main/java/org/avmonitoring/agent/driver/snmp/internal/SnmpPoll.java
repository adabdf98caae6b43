package org.avmonitoring.agent.driver.snmp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Values;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * One poll of one SNMP device, as a chain of asynchronous requests (at most one in flight per device, as slow AV
 * agents need): the system group (identity too when due), the extra OIDs, then the IF-MIB interface table.
 */
final class SnmpPoll {
    static final OID SYS_DESCR = new OID("1.3.6.1.2.1.1.1.0");
    static final OID SYS_OBJECT_ID = new OID("1.3.6.1.2.1.1.2.0");
    static final OID SYS_UPTIME = new OID("1.3.6.1.2.1.1.3.0");
    static final OID SYS_CONTACT = new OID("1.3.6.1.2.1.1.4.0");
    static final OID SYS_NAME = new OID("1.3.6.1.2.1.1.5.0");
    static final OID SYS_LOCATION = new OID("1.3.6.1.2.1.1.6.0");
    private static final Map<OID, String> IDENTITY = Map.of(SYS_DESCR, "sys_descr", SYS_OBJECT_ID, "sys_object_id",
            SYS_CONTACT, "sys_contact", SYS_LOCATION, "sys_location");
    private static final List<OID> SYSTEM = List.of(SYS_UPTIME, SYS_NAME);
    private static final List<OID> SYSTEM_AND_IDENTITY = List.of(SYS_UPTIME, SYS_NAME, SYS_DESCR, SYS_OBJECT_ID, SYS_CONTACT,
            SYS_LOCATION);
    /** ifTable columns walked each poll: descr, type, admin, oper, in discards, in errors, out errors. */
    private static final int[] IF_COLUMNS = {2, 3, 7, 8, 13, 14, 20};
    private static final String IF_TABLE_ENTRY = "1.3.6.1.2.1.2.2.1";
    private static final int SOFTWARE_LOOPBACK = 24;
    private static final int MAX_INTERFACES = 512;
    private static final int MAX_WALK_REQUESTS = 64;
    private static final int GET_CHUNK = 16;
    private static final String[] OPER_STATUS = {"", "up", "down", "testing", "unknown", "dormant", "notPresent", "lowerLayerDown"};

    /** Metric keys of the default profile; an extra OID's label may not reuse one. */
    static final Set<String> RESERVED_METRICS = Set.of("snmp_version", "sys_uptime_s", "sys_uptime_ticks", "sys_name",
            "sys_descr", "sys_object_id", "sys_contact", "sys_location", "rebooted", "if_count", "if_oper_down",
            "if_in_errors", "if_out_errors", "if_in_discards", "if_errors_delta", "interfaces", "missing_oids");

    private final SnmpSession session;
    private final SnmpSettings settings;
    private final Target<UdpAddress> target;
    private final DeviceMemory memory;
    private final CheckResult.Builder result;
    private final Instant now;
    private final long startNanos = System.nanoTime();
    private volatile CompletableFuture<ResponseEvent<?>> inFlight;
    private volatile String stage = "system group";
    private final List<String> missing = new ArrayList<>();

    SnmpPoll(SnmpSession session, SnmpSettings settings, Target<UdpAddress> target, DeviceMemory memory, Instant now) {
        this.session = session;
        this.settings = settings;
        this.target = target;
        this.memory = memory;
        this.now = now;
        this.result = CheckResult.builder(now);
    }

    /** What the poll was waiting for, for a deadline message. */
    String stage() {
        return stage;
    }

    /** Drops the request in flight (the collector cancelled the check or its deadline passed). */
    void cancel() {
        CompletableFuture<ResponseEvent<?>> f = inFlight;
        if (f != null) {
            f.cancel(false);
        }
    }

    CompletableFuture<CheckResult> run() {
        result.metric("snmp_version", settings.version);
        // Only the stages the settings ask for: each stage is a few objects per check.
        CompletableFuture<Void> chain = systemGroup();
        if (!settings.oids.isEmpty()) {
            chain = chain.thenCompose(v -> extraOids());
        }
        if (settings.interfaces) {
            chain = chain.thenCompose(v -> interfaces());
        }
        return chain.handle((v, t) -> {
            if (t != null) {
                Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                if (!(cause instanceof SnmpFailure)) {
                    return result.fail("internal error during " + stage + ": " + cause).build();
                }
                return result.fail(cause.getMessage()).build();
            }
            if (!missing.isEmpty()) {
                result.metric("missing_oids", List.copyOf(missing));
            }
            return result.build();
        });
    }

    private CompletableFuture<Void> systemGroup() {
        boolean identityDue = memory.identityAt == null
                || memory.identityAt.plusSeconds(settings.identityIntervalS).isBefore(now);
        return get(identityDue ? SYSTEM_AND_IDENTITY : SYSTEM).thenAccept(values -> {
            result.latencyMs((System.nanoTime() - startNanos) / 1e6);
            Variable up = find(values, SYS_UPTIME);
            if (up == null || up.isException() || up instanceof Null) {
                result.fail("noSuchObject for required OID sysUpTime (" + SYS_UPTIME + ")");
            } else {
                upTime(up.toLong());
            }
            result.metric("sys_name", text(find(values, SYS_NAME)));
            if (identityDue) {
                Map<String, Object> identity = new LinkedHashMap<>();
                IDENTITY.forEach((oid, key) -> {
                    String v = text(find(values, oid));
                    if (v != null) {
                        identity.put(key, v);
                    }
                });
                // kept for the device's lifetime: compact and frozen, a few times smaller than this LinkedHashMap
                memory.identity = Values.frozenMap(identity);
                memory.identityAt = now;
            }
            memory.identity.forEach(result::metric);
        });
    }

    private void upTime(long ticks) {
        result.metric("sys_uptime_ticks", ticks);
        result.metric("sys_uptime_s", ticks / 100.0);
        boolean rebooted = memory.rebootedAt(ticks, now);
        result.metric("rebooted", rebooted);
        if (rebooted) {
            result.warn(String.format("rebooted: sysUpTime fell from %.0f s to %.0f s", memory.upTimeTicks / 100.0, ticks / 100.0));
            // A restarted device may come back with another firmware or name: read identity again next poll.
            memory.identityAt = null;
            memory.errorCounters = Map.of();
        }
        memory.upTime(ticks, now);
    }

    private CompletableFuture<Void> extraOids() {
        stage = "extra OIDs";
        List<OID> oids = settings.oids.stream().map(e -> new OID(e.oid())).toList();
        return get(oids).thenAccept(values -> {
            for (SnmpSettings.ExtraOid e : settings.oids) {
                Variable v = find(values, new OID(e.oid()));
                if (v == null || v.isException() || v instanceof Null) {
                    String why = (v != null && v.isException() ? v.toString() : "noSuchObject") + " for "
                            + (e.required() ? "required " : "") + "OID " + e.label() + " (" + e.oid() + ")";
                    missing.add(e.label());
                    if (e.required()) {
                        result.fail(why);
                    } else {
                        result.warn(why);
                    }
                } else {
                    result.metric(e.label(), value(v, e.type()));
                }
            }
        });
    }

    private static Object value(Variable v, SnmpSettings.ValueType type) {
        switch (type) {
            case STRING:
                return v.toString();
            case TIMETICKS:
                return v.toLong() / 100.0;
            default:
                try {
                    return v.toLong();
                } catch (UnsupportedOperationException e) {
                    // An agent answering a string where a number was configured (e.g. "1234 h"): keep its text.
                    return v.toString();
                }
        }
    }

    /**
     * GET in chunks; on v1 a noSuchName error for the PDU is retried one OID at a time to find the missing ones. The
     * answers are the agent's variable bindings as they came (read with {@link #find}), not copied into a map.
     */
    private CompletableFuture<List<? extends VariableBinding>> get(List<OID> oids) {
        if (oids.size() <= GET_CHUNK) {
            return getChunk(oids);
        }
        List<List<OID>> chunks = new ArrayList<>();
        for (int i = 0; i < oids.size(); i += GET_CHUNK) {
            chunks.add(oids.subList(i, Math.min(oids.size(), i + GET_CHUNK)));
        }
        return inTurn(chunks);
    }

    private CompletableFuture<List<? extends VariableBinding>> getChunk(List<OID> oids) {
        return request(PDU.GET, oids).thenCompose(event -> {
            PDU resp = response(event);
            if (resp.getErrorStatus() == SnmpConstants.SNMP_ERROR_NO_SUCH_NAME && "1".equals(settings.version)) {
                if (oids.size() == 1) {
                    return CompletableFuture.completedFuture(List.of(new VariableBinding(oids.get(0), Null.noSuchObject)));
                }
                return inTurn(oids.stream().map(List::of).toList());
            }
            requireNoError(resp);
            return CompletableFuture.completedFuture(resp.getVariableBindings());
        });
    }

    /** GETs of {@code groups} one after the other (one request in flight per device), their answers together. */
    private CompletableFuture<List<? extends VariableBinding>> inTurn(List<List<OID>> groups) {
        List<VariableBinding> out = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (List<OID> group : groups) {
            chain = chain.thenCompose(v -> getChunk(group)).thenAccept(out::addAll);
        }
        return chain.thenApply(v -> out);
    }

    /** The value the agent gave for {@code oid}; null when it gave none. */
    private static Variable find(List<? extends VariableBinding> values, OID oid) {
        for (int i = 0; i < values.size(); i++) {
            VariableBinding vb = values.get(i);
            if (vb.getOid().equals(oid)) {
                return vb.getVariable();
            }
        }
        return null;
    }

    private CompletableFuture<Void> interfaces() {
        stage = "IF-MIB walk";
        Map<Integer, Map<Integer, Variable>> rows = new TreeMap<>();
        List<OID> start = new ArrayList<>();
        for (int c : IF_COLUMNS) {
            start.add(new OID(IF_TABLE_ENTRY + "." + c));
        }
        return walk(start, rows, 0).thenAccept(v -> summarizeInterfaces(rows));
    }

    /**
     * Walks the ifTable columns side by side: GETBULK on v2c/v3, GETNEXT on v1 (which has no GETBULK). A column
     * that leaves its subtree is dropped; bounded in requests and rows.
     */
    private CompletableFuture<Void> walk(List<OID> cursors, Map<Integer, Map<Integer, Variable>> rows, int requests) {
        if (cursors.isEmpty() || requests >= MAX_WALK_REQUESTS || rows.size() > MAX_INTERFACES) {
            return CompletableFuture.completedFuture(null);
        }
        boolean v1 = "1".equals(settings.version);
        return request(v1 ? PDU.GETNEXT : PDU.GETBULK, cursors).thenCompose(event -> {
            PDU resp = response(event);
            if (v1 && resp.getErrorStatus() == SnmpConstants.SNMP_ERROR_NO_SUCH_NAME) {
                return CompletableFuture.completedFuture(null); // v1's end of MIB view
            }
            requireNoError(resp);
            // Varbind i answers cursor i modulo the number of cursors (GETNEXT and GETBULK without non-repeaters).
            OID[] reached = new OID[cursors.size()];
            List<? extends VariableBinding> vbs = resp.getVariableBindings();
            for (int i = 0; i < vbs.size(); i++) {
                int c = i % cursors.size();
                OID column = columnPrefix(cursors.get(c));
                VariableBinding vb = vbs.get(i);
                OID oid = vb.getOid();
                if (vb.getVariable().isException() || oid.size() != column.size() + 1 || !oid.startsWith(column)) {
                    continue;
                }
                rows.computeIfAbsent(oid.last(), k -> new TreeMap<>()).put(column.last(), vb.getVariable());
                reached[c] = oid;
            }
            // Continue each column that is still inside its subtree from where it got to.
            List<OID> more = new ArrayList<>();
            for (int c = 0; c < reached.length; c++) {
                if (reached[c] != null && reached[c].compareTo(cursors.get(c)) > 0) {
                    more.add(reached[c]);
                }
            }
            return walk(more, rows, requests + 1);
        });
    }

    /** 1.3.6.1.2.1.2.2.1.C of a cursor in column C. */
    private static OID columnPrefix(OID cursor) {
        return new OID(cursor.getValue(), 0, 10);
    }

    private void summarizeInterfaces(Map<Integer, Map<Integer, Variable>> rows) {
        Map<String, Object> ifs = new LinkedHashMap<>();
        Map<Integer, Long> counters = new LinkedHashMap<>();
        long inErrors = 0;
        long outErrors = 0;
        long inDiscards = 0;
        Long delta = memory.errorCounters.isEmpty() ? null : 0L;
        List<String> down = new ArrayList<>();
        for (Map.Entry<Integer, Map<Integer, Variable>> row : rows.entrySet()) {
            Map<Integer, Variable> r = row.getValue();
            String descr = text(r.get(2));
            int type = (int) number(r.get(3));
            int admin = (int) number(r.get(7));
            int oper = (int) number(r.get(8));
            long ie = number(r.get(14));
            long oe = number(r.get(20));
            long id = number(r.get(13));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("descr", descr == null ? "" : descr);
            m.put("admin", admin == 1 ? "up" : admin == 2 ? "down" : admin == 3 ? "testing" : "unknown");
            m.put("oper", oper > 0 && oper < OPER_STATUS.length ? OPER_STATUS[oper] : "unknown");
            m.put("in_errors", ie);
            m.put("out_errors", oe);
            m.put("in_discards", id);
            ifs.put(Integer.toString(row.getKey()), m);
            inErrors += ie;
            outErrors += oe;
            inDiscards += id;
            long errors = ie + oe;
            counters.put(row.getKey(), errors);
            Long before = memory.errorCounters.get(row.getKey());
            if (delta != null && before != null) {
                // Counter32 wrapped when the sum went down (a reboot cleared the memory already).
                delta += errors >= before ? errors - before : errors + DeviceMemory.TICKS_WRAP - before;
            }
            if (admin == 1 && oper != 1 && type != SOFTWARE_LOOPBACK) {
                down.add((descr == null ? "ifIndex " + row.getKey() : descr + " (ifIndex " + row.getKey() + ")")
                        + " is " + m.get("oper"));
            }
        }
        memory.errorCounters = counters;
        result.metric("if_count", rows.size());
        result.metric("if_oper_down", down.size());
        result.metric("if_in_errors", inErrors);
        result.metric("if_out_errors", outErrors);
        result.metric("if_in_discards", inDiscards);
        result.metric("if_errors_delta", delta);
        result.metric("interfaces", ifs);
        if (!down.isEmpty()) {
            result.warn("interface " + String.join(", ", down.subList(0, Math.min(5, down.size())))
                    + (down.size() > 5 ? " and " + (down.size() - 5) + " more" : "") + " while admin up");
        }
    }

    /** Sends one request (the poll's only one in flight); its answer goes through {@link #response} first. */
    private CompletableFuture<ResponseEvent<?>> request(int type, List<OID> oids) {
        PDU pdu = settings.v3() ? new ScopedPDU() : new PDU();
        pdu.setType(type);
        if (type == PDU.GETBULK) {
            pdu.setNonRepeaters(0);
            pdu.setMaxRepetitions(Math.max(1, 40 / oids.size()));
        }
        for (int i = 0; i < oids.size(); i++) { // no iterator: C1 does not elide it
            pdu.add(new VariableBinding(oids.get(i)));
        }
        CompletableFuture<ResponseEvent<?>> f = session.send(pdu, target);
        inFlight = f;
        return f;
    }

    /** The response PDU, or a failure naming the precise reason: timeout, a USM report, a transport error. */
    private PDU response(ResponseEvent<?> event) {
        if (event.getError() != null) {
            throw new CompletionException(new SnmpFailure("request failed during " + stage + ": " + event.getError().getMessage()));
        }
        PDU resp = event.getResponse();
        if (resp == null) {
            int attempts = settings.retries + 1;
            throw new CompletionException(new SnmpFailure("timeout: no answer to " + stage + " after " + attempts + " attempt"
                    + (attempts > 1 ? "s" : "") + " of " + settings.timeoutMs + " ms"
                    + (settings.v3() ? " (agent down, port closed, or a wrong priv_password: agents drop what they cannot decrypt)"
                            : " (agent down, port closed or wrong community)")));
        }
        if (resp.getType() == PDU.REPORT) {
            throw new CompletionException(new SnmpFailure(reportReason(resp)));
        }
        return resp;
    }

    private void requireNoError(PDU resp) {
        if (resp.getErrorStatus() != 0) {
            int i = resp.getErrorIndex();
            String at = i > 0 && i <= resp.size() ? " at " + resp.get(i - 1).getOid() : "";
            throw new CompletionException(new SnmpFailure("SNMP error " + resp.getErrorStatusText() + at + " during " + stage));
        }
    }

    /** RFC 3414 §3.2 error reports, named as net-snmp's tools name them. */
    static String reportReason(PDU report) {
        OID oid = report.size() > 0 ? report.get(0).getOid() : null;
        if (oid == null) {
            return "SNMPv3 report without a variable";
        }
        if (oid.startsWith(SnmpConstants.usmStatsUnknownUserNames)) {
            return "unknown user name (usmStatsUnknownUserNames): the agent has no such v3 user";
        }
        if (oid.startsWith(SnmpConstants.usmStatsWrongDigests)) {
            return "wrong digest (usmStatsWrongDigests): authentication failure, check auth_password and auth_protocol";
        }
        if (oid.startsWith(SnmpConstants.usmStatsDecryptionErrors)) {
            return "decryption error (usmStatsDecryptionErrors): check priv_password and priv_protocol";
        }
        if (oid.startsWith(SnmpConstants.usmStatsUnsupportedSecLevels)) {
            return "unsupported security level (usmStatsUnsupportedSecLevels): the user does not allow this auth/priv combination";
        }
        if (oid.startsWith(SnmpConstants.usmStatsNotInTimeWindows)) {
            return "not in time window (usmStatsNotInTimeWindows): engine time out of sync";
        }
        if (oid.startsWith(SnmpConstants.usmStatsUnknownEngineIDs)) {
            return "unknown engine ID (usmStatsUnknownEngineIDs)";
        }
        return "SNMPv3 report " + oid;
    }

    private static String text(Variable v) {
        return v == null || v.isException() || v instanceof Null ? null : v.toString();
    }

    private static long number(Variable v) {
        if (v == null || v.isException() || v instanceof Null) {
            return 0;
        }
        try {
            return v.toLong();
        } catch (UnsupportedOperationException e) {
            return 0;
        }
    }
}
