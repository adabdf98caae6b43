package org.avmonitoring.agent.webui.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.Secrets;

/**
 * Forms never receive secrets back, so an edit sends the mask (or nothing) where a password was: that means "keep
 * the stored one". An explicit JSON {@code null} removes a key (the way to clear a password).
 */
final class SecretMerge {
    private SecretMerge() {
    }

    /**
     * {@code incoming} with every masked or empty secret replaced by the value at the same place in {@code stored};
     * secrets are the names {@link Secrets} knows and {@code describedSecrets} (what the driver marks secret).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> keepStoredSecrets(Map<String, Object> incoming, Map<String, Object> stored,
                                                 Set<String> describedSecrets) {
        Map<String, Object> out = new LinkedHashMap<>();
        incoming.forEach((key, value) -> {
            Object old = stored == null ? null : stored.get(key);
            if (value == null) {
                return;
            }
            if ((Secrets.isSecretKey(key) || describedSecrets.contains(key)) && (Secrets.MASK.equals(value) || "".equals(value))) {
                if (old != null && !"".equals(old)) {
                    out.put(key, old);
                }
                return;
            }
            if (value instanceof Map && old instanceof Map) {
                out.put(key, keepStoredSecrets((Map<String, Object>) value, (Map<String, Object>) old,
                        describedSecrets));
            } else if (value instanceof Map) {
                out.put(key, keepStoredSecrets((Map<String, Object>) value, null, describedSecrets));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }
}
