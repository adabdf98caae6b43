package org.avmonitoring.agent.driver.pjlink.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol half of one poll, without sockets: which commands to send, what each reply means, and the result.
 * ERR1/ERR2 mean "not supported by this model" (metric absent), ERR3 "busy, try later" (reachable, not ko),
 * ERR4 a projector failure (ko).
 *
 * <p>Every poll asks power (POWR) and errors (ERST). The details that change slowly or only matter for display (input
 * and its name, A/V mute, lamp and filter hours, input resolution) are asked when older than the driver's details
 * refresh or when the power state changed, and reported from the last answers in between (with {@code details_age_s}):
 * a class 2 poll is then 2 exchanges instead of 8, which is most of the driver's CPU and of the projector's load.
 */
final class PjLinkPoll {
    private static final Logger LOG = LoggerFactory.getLogger(PjLinkPoll.class);

    // The gets of a poll, encoded once.
    private static final Command CLSS = Command.get(1, "CLSS");
    private static final Command POWR = Command.get(1, "POWR");
    private static final Command ERST = Command.get(1, "ERST");
    private static final Command NAME = Command.get(1, "NAME");
    private static final Command INF1 = Command.get(1, "INF1");
    private static final Command INF2 = Command.get(1, "INF2");
    private static final Command INFO = Command.get(1, "INFO");
    private static final Command SNUM = Command.get(2, "SNUM");
    private static final Command SVER = Command.get(2, "SVER");
    private static final Command RRES = Command.get(2, "RRES");
    private static final Command INPT_1 = Command.get(1, "INPT");
    private static final Command INPT_2 = Command.get(2, "INPT");
    private static final Command AVMT = Command.get(1, "AVMT");
    private static final Command LAMP = Command.get(1, "LAMP");
    private static final Command FILT = Command.get(2, "FILT");
    private static final Command IRES = Command.get(2, "IRES");

    private final String deviceId;
    private final PjLinkSettings settings;
    private final DeviceMemory memory;
    private final long nowMs;
    private final long detailsRefreshMs;
    private final String driverVersion;
    private final CheckResult.Builder result;
    private final Map<String, Object> identity = new LinkedHashMap<>();
    private final List<String> unavailable = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Deque<Command> queue = new ArrayDeque<>(8);
    private final Map<String, Object> details = new LinkedHashMap<>();
    private boolean readingIdentity;
    private boolean readingDetails;
    private boolean detailsComplete = true;
    private boolean identityComplete = true;

    /**
     * @param detailsRefreshMs how old the details may be before a poll asks them again; 0 asks them every time
     * @param driverVersion    reported as {@code driver_version} when not null
     */
    PjLinkPoll(String deviceId, PjLinkSettings settings, DeviceMemory memory, Instant startedAt, long detailsRefreshMs,
               String driverVersion) {
        this.deviceId = deviceId;
        this.settings = settings;
        this.memory = memory;
        this.nowMs = startedAt.toEpochMilli();
        this.detailsRefreshMs = detailsRefreshMs;
        this.driverVersion = driverVersion;
        this.result = CheckResult.builder(startedAt);
        if (memory.deviceClass == 0) {
            queue.add(CLSS);
        } else {
            planPolls();
        }
    }

    /** The next command to send, or null when the poll is complete. */
    Command next() {
        return queue.poll();
    }

    /** Puts back a command whose reply was lost to a closed connection, so it is sent again on the next one. */
    void retry(Command c) {
        queue.addFirst(c);
    }

    CheckResult.Builder result() {
        return result;
    }

    private void planPolls() {
        int cls = memory.deviceClass;
        queue.add(POWR);
        queue.add(ERST);
        if (memory.detailsStale(nowMs, detailsRefreshMs)) {
            planDetails();
        }
        readingIdentity = memory.identityStale(nowMs);
        if (readingIdentity) {
            queue.add(NAME);
            queue.add(INF1);
            queue.add(INF2);
            queue.add(INFO);
            if (cls >= 2) {
                queue.add(SNUM);
                queue.add(SVER);
                queue.add(RRES);
            }
        }
    }

    private void planDetails() {
        readingDetails = true;
        queue.add(memory.deviceClass >= 2 ? INPT_2 : INPT_1);
        queue.add(AVMT);
        queue.add(LAMP);
        if (memory.deviceClass >= 2) {
            queue.add(FILT);
            queue.add(IRES);
        }
    }

    /** Takes the reply to {@code c}. */
    void accept(Command c, PjLinkCodec.Reply reply) {
        switch (reply.error()) {
            case 0:
                break;
            case 1:
            case 2:
                if (c.body().equals("CLSS")) {
                    learnClass(1);
                }
                return;
            case 3:
                unavailable.add(c.body());
                if (c.body().equals("CLSS")) {
                    // Busy before we know the class: poll as class 1 this time and ask again next time.
                    memory.deviceClass = 1;
                    planPolls();
                    memory.deviceClass = 0;
                } else if (isIdentity(c.body())) {
                    identityComplete = false;
                } else if (isDetail(c.body())) {
                    detailsComplete = false;
                }
                return;
            default:
                failures.add("projector failure (ERR4 answering " + c + ")");
                if (isIdentity(c.body())) {
                    identityComplete = false;
                } else if (isDetail(c.body())) {
                    detailsComplete = false;
                }
                return;
        }
        try {
            take(c, reply);
        } catch (PjLinkProtocolException e) {
            anomaly(c.body(), "unexpected value for " + c + ": " + e.getMessage());
        }
    }

    private void take(Command c, PjLinkCodec.Reply reply) throws PjLinkProtocolException {
        switch (c.body()) {
            case "CLSS":
                int cls = PjLinkCodec.deviceClass(reply);
                if (!reply.text().trim().equals(String.valueOf(cls))) {
                    anomaly("CLSS", "answers CLSS with " + PjLinkCodec.excerpt(reply.param()) + ", taken as class " + cls);
                }
                learnClass(cls);
                break;
            case "POWR":
                String power = PjLinkCodec.power(reply);
                result.metric("power", power);
                if (!power.equals(memory.power) && memory.power != null && !readingDetails) {
                    planDetails(); // switched on or off since the last poll: input, mute and lamps changed too
                }
                memory.power = power;
                break;
            case "INPT":
                String input = PjLinkCodec.input(reply);
                detail("input", input);
                detail("input_type", PjLinkCodec.inputType(input));
                if (memory.deviceClass >= 2) {
                    queue.addFirst(new Command('2', "INNM", "?" + input));
                }
                break;
            case "INNM":
                detail("input_name", reply.text());
                break;
            case "AVMT":
                Boolean[] mute = PjLinkCodec.avMute(reply);
                detail("av_mute", reply.text().trim());
                detail("video_mute", mute[0]);
                detail("audio_mute", mute[1]);
                break;
            case "ERST":
                takeErrorStatus(PjLinkCodec.errorStatus(reply));
                break;
            case "LAMP":
                takeLamps(PjLinkCodec.lamps(reply));
                break;
            case "FILT":
                int filter = PjLinkCodec.filterHours(reply);
                detail("filter_hours", filter);
                break;
            case "IRES":
                detail("input_resolution", PjLinkCodec.resolution(reply));
                break;
            case "RRES":
                identity.put("recommended_resolution", PjLinkCodec.resolution(reply));
                break;
            case "NAME":
                identity.put("name", reply.text());
                break;
            case "INF1":
                identity.put("manufacturer", reply.text());
                break;
            case "INF2":
                identity.put("product", reply.text());
                break;
            case "INFO":
                identity.put("info", reply.text());
                break;
            case "SNUM":
                identity.put("serial_number", reply.text());
                break;
            case "SVER":
                identity.put("software_version", reply.text());
                break;
            default:
                throw new IllegalStateException("no handler for " + c);
        }
    }

    private void learnClass(int cls) {
        memory.deviceClass = cls;
        planPolls();
    }

    private void takeErrorStatus(String[] parts) {
        for (int i = 0; i < parts.length; i++) {
            String part = PjLinkCodec.ERST_PARTS[i];
            result.metric(ERROR_KEYS[i], parts[i]);
            if (parts[i].equals("error")) {
                failures.add(part + " error");
            } else if (parts[i].equals("warning")) {
                result.warn(part + " warning");
            }
        }
    }

    private void takeLamps(List<PjLinkCodec.Lamp> lamps) {
        detail("lamp_count", lamps.size());
        for (int i = 0; i < lamps.size(); i++) {
            PjLinkCodec.Lamp lamp = lamps.get(i);
            detail(LAMP_HOURS_KEYS[i], lamp.hours());
            detail(LAMP_ON_KEYS[i], lamp.on());
        }
    }

    /** Metric names as shared constants: 10,000 latest results would otherwise each hold their own copies. */
    private static final String[] ERROR_KEYS = java.util.Arrays.stream(PjLinkCodec.ERST_PARTS).map(p -> "error_" + p)
            .toArray(String[]::new);

    /** Index n - 1 for lamp n; the codec accepts at most 8 lamps, as the spec allows. */
    private static final String[] LAMP_HOURS_KEYS = lampKeys("_hours");
    private static final String[] LAMP_ON_KEYS = lampKeys("_on");

    private static String[] lampKeys(String suffix) {
        String[] keys = new String[8];
        for (int n = 1; n <= keys.length; n++) {
            keys[n - 1] = "lamp_" + n + suffix;
        }
        return keys;
    }

    /** Reported in {@link #complete}, with the remembered ones on polls that do not ask them. */
    private void detail(String key, Object value) {
        details.put(key, value);
    }

    private void warnIfWorn(String what, int hours, Integer limit) {
        if (limit != null && hours >= limit) {
            result.warn(what + hours + " h ≥ " + limit + " h");
        }
    }

    /**
     * The details' metrics and wear warnings, whether just read or remembered: warnings always against the thresholds
     * as they are now, so an edit applies at the next poll.
     */
    private void reportDetails(Map<String, Object> d) {
        d.forEach(result::metric);
        if (d.get("lamp_count") instanceof Integer lamps) {
            for (int n = 1; n <= lamps; n++) {
                if (d.get(LAMP_HOURS_KEYS[n - 1]) instanceof Integer hours) {
                    warnIfWorn("lamp " + n + ": ", hours, settings.lampHoursWarning());
                }
            }
        }
        if (d.get("filter_hours") instanceof Integer filter) {
            warnIfWorn("filter: ", filter, settings.filterHoursWarning());
        }
    }

    private static boolean isDetail(String body) {
        switch (body) {
            case "INPT": case "INNM": case "AVMT": case "LAMP": case "FILT": case "IRES":
                return true;
            default:
                return false;
        }
    }

    private static boolean isIdentity(String body) {
        switch (body) {
            case "NAME": case "INF1": case "INF2": case "INFO": case "SNUM": case "SVER": case "RRES":
                return true;
            default:
                return false;
        }
    }

    private void anomaly(String key, String message) {
        if (memory.loggedAnomalies.add(key)) {
            LOG.info("device {}: {} (logged once)", deviceId, message);
        }
    }

    /** The result of a poll whose every command was answered. */
    CheckResult complete() {
        if (readingIdentity) {
            if (identityComplete) {
                memory.identity = Values.frozenMap(identity);
                memory.identityReadAtMs = nowMs;
            } else {
                // Keep what was read; ask again next poll.
                Map<String, Object> merged = new LinkedHashMap<>(memory.identity);
                merged.putAll(identity);
                memory.identity = Values.frozenMap(merged);
            }
        }
        if (readingDetails) {
            reportDetails(details);
            if (detailsComplete) {
                memory.details = Values.frozenMap(details);
                memory.detailsReadAtMs = nowMs;
            }
        } else if (memory.detailsReadAtMs != Long.MIN_VALUE) {
            reportDetails(memory.details);
            result.metric("details_age_s", (nowMs - memory.detailsReadAtMs) / 1000);
        }
        memory.identity.forEach(result::metric);
        if (memory.deviceClass > 0) {
            result.metric("class", memory.deviceClass);
        }
        if (!unavailable.isEmpty()) {
            result.metric("unavailable", List.copyOf(unavailable));
        }
        failures.forEach(result::fail);
        result.metric("driver_version", driverVersion);
        return result.build();
    }
}
