package org.avmonitoring.agent.driver.tesira.internal;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Status;

/**
 * One poll of a Tesira server, as a state machine fed with text lines: wait for the welcome banner, then ask the
 * active fault list, the firmware version, the serial number and the host name, one command at a time (TTP answers
 * in order, but a pipelined command would be lost if the server drops the session on a bad one). No I/O here.
 */
final class TesiraPoll {
    static final String BANNER = "Welcome to the Tesira Text Protocol Server";
    private static final int MAX_FAULT_NAMES = 20;

    private enum Step {
        BANNER(null), FAULTS("activeFaultList"), VERSION("version"), SERIAL("serialNumber"), HOSTNAME("hostname"),
        DONE(null);

        final String attribute;

        Step(String attribute) {
            this.attribute = attribute;
        }

        String command() {
            return "DEVICE get " + attribute + "\n";
        }
    }

    private final CheckResult.Builder result;
    private Step step = Step.BANNER;
    private int faultCount;
    private final Set<String> faultNames = new LinkedHashSet<>();
    private final Set<String> indicators = new LinkedHashSet<>();

    TesiraPoll(Instant startedAt) {
        this.result = CheckResult.builder(startedAt);
    }

    /** Whether the banner has come (commands are being asked). */
    boolean started() {
        return step != Step.BANNER;
    }

    boolean done() {
        return step == Step.DONE;
    }

    /**
     * Reads one line; returns the next command to send (LF-terminated), or null to keep waiting.
     *
     * @throws TtpSyntaxException when an answer cannot be read
     */
    String accept(String line) throws TtpSyntaxException {
        if (step == Step.BANNER) {
            if (!line.contains(BANNER)) {
                return null;
            }
            step = Step.FAULTS;
            return step.command();
        }
        TtpReply reply = TtpReply.parse(line);
        if (reply.kind() != TtpReply.Kind.OK && reply.kind() != TtpReply.Kind.ERR) {
            return null; // our command's echo, a subscription push, a blank line
        }
        switch (step) {
            case FAULTS -> readFaults(reply);
            case VERSION -> result.metric("firmware_version", text(reply));
            case SERIAL -> result.metric("serial_number", text(reply));
            case HOSTNAME -> result.metric("hostname", text(reply));
            default -> throw new IllegalStateException("answer after the end of the poll");
        }
        step = Step.values()[step.ordinal() + 1];
        return step == Step.DONE ? null : step.command();
    }

    /** A login prompt instead of the banner: the server has Telnet protection on, which this driver cannot pass. */
    static boolean isLoginPrompt(String pendingText) {
        String p = pendingText.strip().toLowerCase(Locale.ROOT);
        return p.endsWith("login:") || p.endsWith("username:") || p.endsWith("password:");
    }

    CheckResult result(double latencyMs) {
        result.latencyMs(latencyMs);
        return result.build();
    }

    private void readFaults(TtpReply reply) {
        if (reply.kind() == TtpReply.Kind.ERR) {
            result.warn("the fault list could not be read: " + reply.text());
            return;
        }
        if (!(reply.value() instanceof List<?> entries)) {
            result.warn("the fault list is not a list");
            return;
        }
        Status worst = Status.OK;
        for (Object e : entries) {
            if (e instanceof Map<?, ?> entry) {
                worst = worst.worst(readEntry(entry));
            }
        }
        result.metric("fault_count", faultCount);
        result.metric("fault_indicator", indicators.isEmpty() ? null : TtpReply.bounded(String.join("; ", indicators)));
        if (!faultNames.isEmpty()) {
            result.metric("faults", TtpReply.bounded(String.join("; ", faultNames)));
        }
        if (worst != Status.OK) {
            String why = faultNames.isEmpty() ? String.join("; ", indicators) : String.join("; ", faultNames);
            result.raise(worst, TtpReply.bounded(why));
        }
    }

    /** The severity of one fault-list entry, from its indicator id (Major → ko, Minor → warning, None → ok). */
    private Status readEntry(Map<?, ?> entry) {
        String id = String.valueOf(entry.get("id")).toUpperCase(Locale.ROOT);
        Object name = entry.get("name");
        if (name instanceof String n && !n.isBlank()) {
            indicators.add(TtpReply.bounded(n));
        }
        int faultsHere = 0;
        if (entry.get("faults") instanceof List<?> faults) {
            for (Object f : faults) {
                faultsHere++;
                if (f instanceof Map<?, ?> fault && faultNames.size() < MAX_FAULT_NAMES) {
                    Object n = fault.get("name") != null ? fault.get("name") : fault.get("id");
                    faultNames.add(TtpReply.bounded(String.valueOf(n)));
                }
            }
        }
        faultCount += faultsHere;
        if (id.contains("MAJOR") || id.contains("CRITICAL")) {
            return Status.KO;
        }
        if (id.contains("MINOR") || id.contains("WARNING") || (!id.contains("NONE") && faultsHere > 0)) {
            return Status.WARNING;
        }
        return faultsHere > 0 ? Status.WARNING : Status.OK;
    }

    /** The value of an OK answer as text; an -ERR (older firmware without the attribute) gives no metric. */
    private static String text(TtpReply reply) {
        if (reply.kind() != TtpReply.Kind.OK || reply.value() == null || reply.value() instanceof Map
                || reply.value() instanceof List) {
            return null;
        }
        Object v = reply.value();
        String s = v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue())
                : String.valueOf(v);
        return TtpReply.bounded(s);
    }
}
