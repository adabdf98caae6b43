package org.avmonitoring.agent.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which setting keys hold credentials, and copies of settings with those values masked. Every bundle that shows or
 * logs device settings goes through here, so a new driver's {@code password}-like key is masked everywhere at once.
 */
public final class Secrets {
    public static final String MASK = "********";

    private static final List<String> SECRET_KEY_PARTS =
            List.of("password", "passphrase", "community", "token", "secret", "auth_key", "priv_key");

    private Secrets() {
    }

    /** True for keys such as {@code password}, {@code community}, {@code auth_password}, {@code site_token}. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String part : SECRET_KEY_PARTS) {
            if (k.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** A deep copy of {@code settings} where every non-empty secret value is replaced by {@link #MASK}. */
    public static Map<String, Object> masked(Map<String, ?> settings) {
        return masked(settings, Set.of());
    }

    /**
     * As {@link #masked(Map)}, keys in {@code describedSecrets} (those a driver's description marks secret, such as
     * a {@code pin}) masked too, at any depth.
     *
     * @since 1.4
     */
    public static Map<String, Object> masked(Map<String, ?> settings, Set<String> describedSecrets) {
        Map<String, Object> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(k, isSecretKey(k) || describedSecrets.contains(k) ? maskValue(v)
                : maskNested(v, describedSecrets)));
        return Collections.unmodifiableMap(out);
    }

    private static Object maskValue(Object v) {
        return v == null || "".equals(v) ? v : MASK;
    }

    @SuppressWarnings("unchecked")
    private static Object maskNested(Object v, Set<String> describedSecrets) {
        if (v instanceof Map) {
            return masked((Map<String, ?>) v, describedSecrets);
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object e : (List<?>) v) {
                out.add(maskNested(e, describedSecrets));
            }
            return Collections.unmodifiableList(out);
        }
        return v;
    }
}
