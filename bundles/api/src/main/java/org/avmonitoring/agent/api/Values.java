package org.avmonitoring.agent.api;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Deep, unmodifiable copies of JSON-like values (maps, lists, strings, numbers, booleans) kept in the model.
 *
 * <p>The model holds one settings map per device and one metrics map per check, so at 10,000 devices a
 * {@code LinkedHashMap} per map (a 40-byte entry per key plus the table) dominated the heap. Small maps are kept as
 * one interleaved key/value array instead; a value that is already frozen is shared, never copied again. Drivers
 * freeze what they keep per device (identities, remembered answers) with {@link #frozenMap} too.
 */
public final class Values {
    /**
     * Above this many entries a linear scan costs more than a hash lookup saves: keep a LinkedHashMap. A class 2
     * projector's result has about 30 metrics; keys are mostly the same interned literals, so a scan is cheap.
     */
    static final int MAX_COMPACT_ENTRIES = 48;

    private Values() {
    }

    /** A deep, unmodifiable copy of {@code in}, compact, insertion-ordered; {@code in} itself when already frozen. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> frozenMap(Map<String, ?> in) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        if (in instanceof FrozenMap || in instanceof LargeFrozenMap) {
            return (Map<String, Object>) in;
        }
        if (in.size() > MAX_COMPACT_ENTRIES) {
            return LargeFrozenMap.copyOf(in);
        }
        Object[] keysAndValues = new Object[in.size() * 2];
        int i = 0;
        for (Map.Entry<String, ?> e : in.entrySet()) {
            keysAndValues[i++] = e.getKey();
            keysAndValues[i++] = frozen(e.getValue());
        }
        return new FrozenMap(keysAndValues);
    }

    /** {@code map} (frozen) with {@code key} set to {@code value}: replaced in place, or appended at the end. */
    static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Object v = frozen(value);
        if (map.isEmpty()) {
            return new FrozenMap(new Object[] {key, v});
        }
        if (map instanceof FrozenMap small && (small.size() < MAX_COMPACT_ENTRIES || small.containsKey(key))) {
            return small.with(key, v);
        }
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(key, v);
        return frozenMap(copy);
    }

    @SuppressWarnings("unchecked")
    static Object frozen(Object v) {
        if (v instanceof Map) {
            return frozenMap((Map<String, ?>) v);
        }
        if (v instanceof List<?> list && !(v instanceof FrozenList)) {
            if (list.isEmpty()) {
                return List.of();
            }
            Object[] items = list.toArray();
            for (int i = 0; i < items.length; i++) {
                items[i] = frozen(items[i]);
            }
            return new FrozenList(items);
        }
        return v;
    }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException("frozen map");
    }

    /** An immutable, insertion-ordered map of at most {@link #MAX_COMPACT_ENTRIES} entries: k0, v0, k1, v1, ... */
    static final class FrozenMap extends AbstractMap<String, Object> {
        private final Object[] keysAndValues;

        private FrozenMap(Object[] keysAndValues) {
            this.keysAndValues = keysAndValues;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                if (Objects.equals(key, keysAndValues[i])) {
                    return i;
                }
            }
            return -1;
        }

        /** Replaced in place or appended; the caller checks that an append stays within the compact size. */
        FrozenMap with(String key, Object frozenValue) {
            int i = indexOf(key);
            if (i >= 0) {
                Object[] replaced = keysAndValues.clone();
                replaced[i + 1] = frozenValue;
                return new FrozenMap(replaced);
            }
            Object[] appended = Arrays.copyOf(keysAndValues, keysAndValues.length + 2);
            appended[keysAndValues.length] = key;
            appended[keysAndValues.length + 1] = frozenValue;
            return new FrozenMap(appended);
        }

        @Override
        public int size() {
            return keysAndValues.length / 2;
        }

        @Override
        public boolean isEmpty() {
            return false;
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public boolean containsValue(Object value) {
            for (int i = 1; i < keysAndValues.length; i += 2) {
                if (Objects.equals(value, keysAndValues[i])) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : keysAndValues[i + 1];
        }

        @Override
        public Object getOrDefault(Object key, Object defaultValue) {
            int i = indexOf(key);
            return i < 0 ? defaultValue : keysAndValues[i + 1];
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                action.accept((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keysAndValues.length;
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            if (next >= keysAndValues.length) {
                                throw new NoSuchElementException();
                            }
                            // SimpleImmutableEntry: null values allowed, setValue throws.
                            Map.Entry<String, Object> e = new SimpleImmutableEntry<>(
                                    (String) keysAndValues[next], keysAndValues[next + 1]);
                            next += 2;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return keysAndValues.length / 2;
                }
            };
        }

        @Override
        public int hashCode() {
            int h = 0;
            for (int i = 0; i < keysAndValues.length; i += 2) {
                h += Objects.hashCode(keysAndValues[i]) ^ Objects.hashCode(keysAndValues[i + 1]);
            }
            return h;
        }

        // Every mutator throws, even when it would change nothing, as Map.of() does.

        @Override
        public Object put(String key, Object value) {
            throw immutable();
        }

        @Override
        public Object remove(Object key) {
            throw immutable();
        }

        @Override
        public void putAll(Map<? extends String, ?> m) {
            throw immutable();
        }

        @Override
        public void clear() {
            throw immutable();
        }

        @Override
        public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
            throw immutable();
        }

        @Override
        public Object putIfAbsent(String key, Object value) {
            throw immutable();
        }

        @Override
        public boolean remove(Object key, Object value) {
            throw immutable();
        }

        @Override
        public boolean replace(String key, Object oldValue, Object newValue) {
            throw immutable();
        }

        @Override
        public Object replace(String key, Object value) {
            throw immutable();
        }

        @Override
        public Object computeIfAbsent(String key, Function<? super String, ?> mappingFunction) {
            throw immutable();
        }

        @Override
        public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remappingFunction) {
            throw immutable();
        }

        @Override
        public Object compute(String key, BiFunction<? super String, ? super Object, ?> remappingFunction) {
            throw immutable();
        }

        @Override
        public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> remappingFunction) {
            throw immutable();
        }
    }

    /**
     * A frozen map too big for linear lookups: an unmodifiable LinkedHashMap behind a type of our own, so that
     * freezing it again (or a map holding it) shares it instead of copying it.
     */
    static final class LargeFrozenMap extends AbstractMap<String, Object> {
        private final Map<String, Object> entries;

        private LargeFrozenMap(Map<String, Object> entries) {
            this.entries = entries;
        }

        static Map<String, Object> copyOf(Map<String, ?> in) {
            Map<String, Object> out = new LinkedHashMap<>();
            in.forEach((k, v) -> out.put(k, frozen(v)));
            return new LargeFrozenMap(Collections.unmodifiableMap(out));
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            entries.forEach(action);
        }

        /** Unmodifiable: its iterator, entries and views throw on every change. */
        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public int hashCode() {
            return entries.hashCode();
        }
    }

    /** An immutable list over an exact-size array (JSON arrays in settings and metrics). */
    static final class FrozenList extends AbstractList<Object> implements RandomAccess {
        private final Object[] items;

        private FrozenList(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }
}
