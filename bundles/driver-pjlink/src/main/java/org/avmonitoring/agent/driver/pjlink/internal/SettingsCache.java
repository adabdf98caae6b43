package org.avmonitoring.agent.driver.pjlink.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;

/**
 * Each device's settings, validated and parsed once per definition instead of at every check: the collector hands
 * the same definition to every check of a device, and a changed one (another object, not equal) is read afresh.
 * Any thread; bounded (beyond {@link #MAX_DEVICES} devices it starts over, which costs a parse per check, no more).
 */
final class SettingsCache {
    static final int MAX_DEVICES = 65_536;

    /** A definition and what it gave: settings when valid, else the problems (never both). */
    record Entry(Device device, PjLinkSettings settings, List<ValidationProblem> problems) {
    }

    private final ConcurrentHashMap<String, Entry> byDevice = new ConcurrentHashMap<>();

    Entry of(Device device) {
        Entry e = byDevice.get(device.id());
        if (e != null && (e.device() == device || e.device().equals(device))) {
            return e;
        }
        List<ValidationProblem> problems = PjLinkSettings.validate(device);
        e = new Entry(device, problems.isEmpty() ? PjLinkSettings.of(device) : null, problems);
        if (byDevice.size() >= MAX_DEVICES) {
            byDevice.clear();
        }
        byDevice.put(device.id(), e);
        return e;
    }

    void forget(String deviceId) {
        byDevice.remove(deviceId);
    }

    int size() {
        return byDevice.size();
    }
}
