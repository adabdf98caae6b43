package org.avmonitoring.agent.driver.necdisplay.internal;

import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.avmonitoring.agent.api.Status;

/**
 * Self-diagnosis status codes as the NEC External Control manuals list them (section "Self diagnosis"), with the
 * status each one gives a display. Codes a manual lists for other models are faults under their number.
 */
final class Diagnosis {
    static final int NORMAL = 0x00;
    static final int NO_SIGNAL = 0xB0;
    static final int USER_TEMPERATURE = 0xA2;

    /** By code, in code order. */
    static final Map<Integer, String> LABELS = new TreeMap<>(Map.ofEntries(
            Map.entry(0x00, "normal"),
            Map.entry(0x70, "standby power +3.3 V abnormality"),
            Map.entry(0x71, "standby power +5 V abnormality"),
            Map.entry(0x72, "panel power +12 V abnormality"),
            Map.entry(0x78, "inverter or option slot power +24 V abnormality"),
            Map.entry(0x80, "cooling fan 1 abnormality"),
            Map.entry(0x81, "cooling fan 2 abnormality"),
            Map.entry(0x82, "cooling fan 3 abnormality"),
            Map.entry(0x90, "inverter abnormality"),
            Map.entry(0x91, "LED backlight abnormality"),
            Map.entry(0xA0, "temperature abnormality: shut down"),
            Map.entry(0xA1, "temperature abnormality: half brightness"),
            Map.entry(0xA2, "temperature reached the user's threshold"),
            Map.entry(NO_SIGNAL, "no signal")));

    private Diagnosis() {
    }

    /** Code, label, code, label... as a metric's value labels. */
    static String[] valueLabels() {
        return LABELS.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(code(e.getKey()), e.getValue()))
                .toArray(String[]::new);
    }

    static String code(int c) {
        return HexFormat.of().withUpperCase().toHexDigits((byte) c);
    }

    static String describe(int c) {
        return LABELS.getOrDefault(c, "self-diagnosis code " + code(c));
    }

    /** What {@code c} means for a display whose power is {@code power} (no signal matters only when it is on). */
    static Status status(int c, String power) {
        if (c == NORMAL || c == NO_SIGNAL && !"on".equals(power)) {
            return Status.OK;
        }
        return c == NO_SIGNAL || c == USER_TEMPERATURE ? Status.WARNING : Status.KO;
    }
}
