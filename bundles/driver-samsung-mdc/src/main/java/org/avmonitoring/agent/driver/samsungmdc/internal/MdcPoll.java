package org.avmonitoring.agent.driver.samsungmdc.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Values;

/**
 * The protocol half of one poll, without sockets: which gets to send, what each reply means, and the result.
 *
 * <p>Every poll asks 0x00 status (power, volume, mute and input in one reply; 0x11 power when a model refuses it)
 * and 0x0D display status (lamp, temperature and fan errors, no signal, temperature), which drive the status. The
 * identity (serial number, model name, software version) is asked on the identity cadence and reported from memory
 * in between. A NAK leaves that metric out; only a display that refuses everything is ko.
 */
final class MdcPoll {
    private static final int FAN_ERROR = 1;
    private static final int NO_SYNC_ERROR = 1;

    private final MdcSettings settings;
    private final DeviceMemory memory;
    private final long nowMs;
    private final CheckResult.Builder result;
    private final Deque<Integer> queue = new ArrayDeque<>();
    private final Map<String, Object> identity = new LinkedHashMap<>();
    private final List<String> anomalies = new ArrayList<>();
    private final boolean readingIdentity;
    private Integer waitingFor;
    private int acknowledged;
    private int refused;
    private String power;
    private Integer noSync;
    private Integer temperatureC;
    private boolean lampError;
    private boolean temperatureError;
    private boolean fanError;

    MdcPoll(MdcSettings settings, DeviceMemory memory, Instant startedAt, long identityRefreshMs) {
        this.settings = settings;
        this.memory = memory;
        this.nowMs = startedAt.toEpochMilli();
        this.result = CheckResult.builder(startedAt);
        queue.add(MdcCodec.STATUS);
        queue.add(MdcCodec.DISPLAY_STATUS);
        readingIdentity = memory.identityStale(nowMs, identityRefreshMs);
        if (readingIdentity) {
            queue.add(MdcCodec.SERIAL_NUMBER);
            queue.add(MdcCodec.MODEL_NAME);
            queue.add(MdcCodec.SOFTWARE_VERSION);
        }
    }

    /** The next request to send, or null when the poll is complete; the reply to it must come before the next. */
    byte[] next() {
        waitingFor = queue.poll();
        return waitingFor == null ? null : MdcCodec.get(waitingFor, settings.displayId());
    }

    /** Whether the display has answered anything yet (a close before that hints at the Secured Protocol). */
    boolean answered() {
        return acknowledged + refused > 0;
    }

    /**
     * Takes the reply to the last request.
     *
     * @throws MdcProtocolException when it is not the reply to that request: another display id or command
     */
    void accept(MdcCodec.Reply r) throws MdcProtocolException {
        if (waitingFor == null) {
            throw new MdcProtocolException("unrequested reply to command " + MdcCodec.hex(r.command()));
        }
        if (r.displayId() != settings.displayId()) {
            throw new MdcProtocolException("reply from display id " + r.displayId() + ", not "
                    + settings.displayId() + ": check display_id");
        }
        if (r.command() != waitingFor) {
            throw new MdcProtocolException("reply to command " + MdcCodec.hex(r.command()) + " while waiting for "
                    + MdcCodec.hex(waitingFor));
        }
        if (!r.ack()) {
            refused++;
            if (r.command() == MdcCodec.STATUS) {
                queue.addFirst(MdcCodec.POWER);
            }
            return;
        }
        acknowledged++;
        try {
            take(r);
        } catch (MdcProtocolException e) {
            anomalies.add("unexpected reply to " + MdcCodec.hex(r.command()) + ": " + e.getMessage());
        }
    }

    private void take(MdcCodec.Reply r) throws MdcProtocolException {
        switch (r.command()) {
            case MdcCodec.STATUS:
                int input = r.value(3);
                power = MdcCodec.power(r.value(0));
                result.metric("power", power);
                result.metric("input", MdcCodec.inputCode(input));
                result.metric("volume", r.value(1));
                result.metric("mute", r.value(2) == 1);
                break;
            case MdcCodec.POWER:
                power = MdcCodec.power(r.value(0));
                result.metric("power", power);
                break;
            case MdcCodec.DISPLAY_STATUS:
                displayStatus(r);
                break;
            case MdcCodec.SERIAL_NUMBER:
                putText("serial_number", r);
                break;
            case MdcCodec.MODEL_NAME:
                putText("model_name", r);
                break;
            default:
                putText("software_version", r);
                break;
        }
    }

    /** An empty text (a model without a serial number) is left out, like a NAK. */
    private void putText(String key, MdcCodec.Reply r) throws MdcProtocolException {
        String text = MdcCodec.text(r);
        if (!text.isEmpty()) {
            identity.put(key, text);
        }
    }

    private void displayStatus(MdcCodec.Reply r) throws MdcProtocolException {
        int temperature = r.value(4);
        lampError = r.value(0) == 1;
        temperatureError = r.value(1) == 1;
        int sensor = r.value(2);
        noSync = r.value(3) == 2 ? null : r.value(3);
        temperatureC = temperature;
        result.metric("lamp_error", lampError);
        result.metric("temperature_error", temperatureError);
        if (sensor == 1 || sensor == 2) {
            result.metric("brightness_sensor", sensor == 1 ? "error" : "normal");
        }
        if (noSync != null) {
            result.metric("no_signal", noSync == NO_SYNC_ERROR);
        }
        result.metric("temperature_c", temperature);
        if (r.values().length > 5 && r.value(5) != 2) {
            fanError = r.value(5) == FAN_ERROR;
            result.metric("fan", fanError ? "error" : "normal");
        }
    }

    /** The result once every request was answered; {@code latencyMs} is the whole conversation's duration. */
    CheckResult complete(double latencyMs) {
        result.latencyMs(latencyMs);
        if (acknowledged == 0) {
            return result.fail("the display refused every command (NAK): check that MDC over the network is"
                    + " enabled and that display_id " + settings.displayId() + " is this display's id").build();
        }
        if (readingIdentity) {
            memory.identity = Values.frozenMap(identity);
            memory.identityReadAtMs = nowMs;
        }
        memory.identity.forEach(result::metric);
        if (lampError) {
            result.fail("lamp (backlight) error");
        }
        if (temperatureError) {
            result.fail("temperature error");
        }
        if (fanError) {
            result.fail("fan error");
        }
        if ("on".equals(power) && noSync != null && noSync == NO_SYNC_ERROR) {
            result.warn("no signal on the selected input");
        }
        Integer limit = settings.temperatureWarningC();
        if (limit != null && temperatureC != null && temperatureC > limit) {
            result.warn("temperature " + temperatureC + " °C is over " + limit + " °C");
        }
        anomalies.forEach(result::warn);
        return result.build();
    }
}
