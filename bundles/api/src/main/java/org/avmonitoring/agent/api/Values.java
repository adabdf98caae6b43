package org.avmonitoring.agent.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, unmodifiable copies of JSON-like values (maps, lists, strings, numbers, booleans) kept in the model. */
final class Values {
    private Values() {
    }

    static Map<String, Object> frozenMap(Map<String, ?> in) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, frozen(v)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    static Object frozen(Object v) {
        if (v instanceof Map) {
            return frozenMap((Map<String, ?>) v);
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object e : (List<?>) v) {
                out.add(frozen(e));
            }
            return Collections.unmodifiableList(out);
        }
        return v;
    }
}
