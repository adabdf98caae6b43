package org.avmonitoring.agent.api;

import java.util.Locale;

/** Where a device definition came from: added on site, or pushed by the backend's configuration. */
public enum DeviceSource {
    LOCAL, BACKEND;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeviceSource fromWire(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
