package org.avmonitoring.agent.collector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Secrets;

/**
 * Masks a device's credentials in a text the collector did not write (a driver's exception message) before it is
 * logged or becomes a result's error: a careless driver must not leak a community string through the collector.
 */
final class SecretScrubber {
    private SecretScrubber() {
    }

    static String scrub(String text, Device device) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secretValues(device.settings(), new ArrayList<>())) {
            out = out.replace(secret, Secrets.MASK);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> secretValues(Map<String, Object> settings, List<String> found) {
        settings.forEach((k, v) -> {
            if (v instanceof Map) {
                secretValues((Map<String, Object>) v, found);
            } else if (v != null && Secrets.isSecretKey(k) && !v.toString().isEmpty()) {
                found.add(v.toString());
            }
        });
        return found;
    }
}
