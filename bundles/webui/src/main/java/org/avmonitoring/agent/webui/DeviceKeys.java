package org.avmonitoring.agent.webui;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.config.StatusPolicy;

/**
 * The keys a device object sent to the API may carry, so that a misspelled setting ({@code pasword},
 * {@code intervall_s}, snmp {@code comunity}) is refused with its name instead of being stored and failing later.
 * {@link #known} is the one source of the known keys (built-in drivers' settings for now).
 */
final class DeviceKeys {
    /** Every device's keys, and those the UI sends back from what it got (dropped before parsing). */
    static final Set<String> COMMON = Set.of("id", "name", "type", "host", "port", "interval_s", "enabled",
            "source", "read_only", "state");
    /** The settings of the built-in drivers: a flat key maps to an empty set, a section to the keys inside it. */
    private static final Map<String, Map<String, Set<String>>> DRIVER_SETTINGS = Map.of(
            "pjlink", Map.of("password", Set.of(), "lamp_hours_warning", Set.of(), "filter_hours_warning", Set.of(),
                    "timeout_ms", Set.of()),
            "snmp", Map.of("snmp", Set.of("version", "community", "user", "auth_protocol", "auth_password",
                    "priv_protocol", "priv_password", "timeout_ms", "retries", "interfaces", "identity_interval_s",
                    "oids")),
            "ping", Map.of("ping", Set.of("mode", "count", "timeout_ms", "loss_warning_pct", "tcp_port")));
    private static final int MAX_SUGGESTION_DISTANCE = 2;
    /** Secret keys whose misspellings ({@code pasword}, {@code comunity}) are masked too. */
    private static final List<String> SECRET_LOOKALIKES = List.of("password", "community", "passphrase", "secret");

    private DeviceKeys() {
    }

    /** The settings keys of a device type (flat key → empty set, section → its keys); null when not known here. */
    static Map<String, Set<String>> known(String type) {
        return DRIVER_SETTINGS.get(type);
    }

    /** One field error per unknown key of {@code device} (none when its type's settings are not known here). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> unknownKeys(Map<String, Object> device) {
        Map<String, Set<String>> settings = known(String.valueOf(device.get("type")));
        List<Map<String, Object>> errors = new ArrayList<>();
        if (settings == null) {
            return errors;
        }
        List<String> topLevel = new ArrayList<>(COMMON);
        topLevel.addAll(settings.keySet());
        topLevel.addAll(StatusPolicy.DEVICE_KEYS);
        device.forEach((key, value) -> {
            if (!topLevel.contains(key)) {
                errors.add(unknown(key, key, topLevel));
            } else if (!settings.getOrDefault(key, Set.of()).isEmpty() && value instanceof Map<?, ?> section) {
                ((Map<String, Object>) section).keySet().stream().filter(k -> !settings.get(key).contains(k))
                        .forEach(k -> errors.add(unknown(key + "." + k, k, settings.get(key))));
            }
        });
        return errors;
    }

    private static Map<String, Object> unknown(String field, String key, Collection<String> candidates) {
        String close = closest(key, candidates);
        return ApiResponse.fieldError(field, "unknown key \"" + key + "\""
                + (close == null ? "" : " (did you mean \"" + close + "\"?)"));
    }

    /** The known key within two edits of {@code key}, if any (the nearest). */
    static String closest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String c : candidates) {
            int d = distance(key, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** True for a key that is a secret or close to a secret one ({@code pasword}): its value is never shown. */
    static boolean maybeSecret(String key) {
        return Secrets.isSecretKey(key)
                || SECRET_LOOKALIKES.stream().anyMatch(s -> distance(key, s) <= MAX_SUGGESTION_DISTANCE);
    }

    /** Levenshtein distance, bounded in cost by the short keys it compares. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
