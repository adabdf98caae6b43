package org.avmonitoring.agent.collector.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.driver.DriverDescription;

/**
 * Masks a device's credentials in a text the collector did not write (a driver's exception message) before it is
 * logged or becomes a result's error: a careless driver must not leak a community string through the collector.
 */
final class SecretScrubber {
    private SecretScrubber() {
    }

    /**
     * {@code text} with the values of the device's secrets masked: secret names, and what its driver's
     * {@code description} (may be null) marks secret.
     */
    static String scrub(String text, Device device, DriverDescription description) {
        if (text == null) {
            return null;
        }
        Set<String> described = description == null ? Set.of() : description.secretKeys();
        String out = text;
        for (String secret : secretValues(device.settings(), described, new ArrayList<>())) {
            out = out.replace(secret, Secrets.MASK);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> secretValues(Map<String, Object> settings, Set<String> described, List<String> found) {
        settings.forEach((k, v) -> {
            if (v instanceof Map) {
                secretValues((Map<String, Object>) v, described, found);
            } else if (v instanceof List<?> items) {
                items.stream().filter(Map.class::isInstance)
                        .forEach(item -> secretValues((Map<String, Object>) item, described, found));
            } else if (v != null && (Secrets.isSecretKey(k) || described.contains(k)) && !v.toString().isEmpty()) {
                found.add(v.toString());
            }
        });
        return found;
    }
}
