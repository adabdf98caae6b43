package org.avmonitoring.agent.driver.pjlink;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol half of one poll, without sockets: which commands to send, what each reply means, and the result.
 * ERR1/ERR2 mean "not supported by this model" (metric absent), ERR3 "busy, try later" (reachable, not ko),
 * ERR4 a projector failure (ko).
 */
final class PjLinkPoll {
    private static final Logger LOG = LoggerFactory.getLogger(PjLinkPoll.class);

    private final String deviceId;
    private final PjLinkSettings settings;
    private final DeviceMemory memory;
    private final long nowMs;
    private final CheckResult.Builder result;
    private final Map<String, Object> identity = new LinkedHashMap<>();
    private final List<String> unavailable = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Deque<Command> queue = new ArrayDeque<>();
    private boolean readingIdentity;
    private boolean identityComplete = true;

    PjLinkPoll(String deviceId, PjLinkSettings settings, DeviceMemory memory, Instant startedAt) {
        this.deviceId = deviceId;
        this.settings = settings;
        this.memory = memory;
        this.nowMs = startedAt.toEpochMilli();
        this.result = CheckResult.builder(startedAt);
        if (memory.deviceClass == 0) {
            queue.add(Command.get(1, "CLSS"));
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
        queue.add(Command.get(1, "POWR"));
        queue.add(Command.get(cls >= 2 ? 2 : 1, "INPT"));
        queue.add(Command.get(1, "AVMT"));
        queue.add(Command.get(1, "ERST"));
        queue.add(Command.get(1, "LAMP"));
        if (cls >= 2) {
            queue.add(Command.get(2, "FILT"));
            queue.add(Command.get(2, "IRES"));
        }
        readingIdentity = memory.identityStale(nowMs);
        if (readingIdentity) {
            queue.add(Command.get(1, "NAME"));
            queue.add(Command.get(1, "INF1"));
            queue.add(Command.get(1, "INF2"));
            queue.add(Command.get(1, "INFO"));
            if (cls >= 2) {
                queue.add(Command.get(2, "SNUM"));
                queue.add(Command.get(2, "SVER"));
                queue.add(Command.get(2, "RRES"));
            }
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
                }
                return;
            default:
                failures.add("projector failure (ERR4 answering " + c + ")");
                if (isIdentity(c.body())) {
                    identityComplete = false;
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
                result.metric("power", PjLinkCodec.power(reply));
                break;
            case "INPT":
                String input = PjLinkCodec.input(reply);
                result.metric("input", input);
                result.metric("input_type", PjLinkCodec.inputType(input));
                if (memory.deviceClass >= 2) {
                    queue.addFirst(new Command('2', "INNM", "?" + input));
                }
                break;
            case "INNM":
                result.metric("input_name", reply.text());
                break;
            case "AVMT":
                Boolean[] mute = PjLinkCodec.avMute(reply);
                result.metric("av_mute", reply.text().trim());
                result.metric("video_mute", mute[0]);
                result.metric("audio_mute", mute[1]);
                break;
            case "ERST":
                takeErrorStatus(PjLinkCodec.errorStatus(reply));
                break;
            case "LAMP":
                takeLamps(PjLinkCodec.lamps(reply));
                break;
            case "FILT":
                int filter = PjLinkCodec.filterHours(reply);
                result.metric("filter_hours", filter);
                if (settings.filterHoursWarning() != null && filter >= settings.filterHoursWarning()) {
                    result.warn("filter: " + filter + " h ≥ " + settings.filterHoursWarning() + " h");
                }
                break;
            case "IRES":
                result.metric("input_resolution", PjLinkCodec.resolution(reply));
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
            result.metric("error_" + part, parts[i]);
            if (parts[i].equals("error")) {
                failures.add(part + " error");
            } else if (parts[i].equals("warning")) {
                result.warn(part + " warning");
            }
        }
    }

    private void takeLamps(List<PjLinkCodec.Lamp> lamps) {
        result.metric("lamp_count", lamps.size());
        for (int i = 0; i < lamps.size(); i++) {
            PjLinkCodec.Lamp lamp = lamps.get(i);
            int n = i + 1;
            result.metric("lamp_" + n + "_hours", lamp.hours());
            result.metric("lamp_" + n + "_on", lamp.on());
            Integer limit = settings.lampHoursWarning();
            if (limit != null && lamp.hours() >= limit) {
                result.warn("lamp " + n + ": " + lamp.hours() + " h ≥ " + limit + " h");
            }
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
                memory.identity = new LinkedHashMap<>(identity);
                memory.identityReadAtMs = nowMs;
            } else {
                // Keep what was read; ask again next poll.
                Map<String, Object> merged = new LinkedHashMap<>(memory.identity);
                merged.putAll(identity);
                memory.identity = merged;
            }
        }
        memory.identity.forEach(result::metric);
        if (memory.deviceClass > 0) {
            result.metric("class", memory.deviceClass);
        }
        if (!unavailable.isEmpty()) {
            result.metric("unavailable", List.copyOf(unavailable));
        }
        failures.forEach(result::fail);
        return result.build();
    }
}
