package org.avmonitoring.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.jr.ob.JSON;

class ValuesTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> numbered(int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, i);
        }
        return m;
    }

    @Test
    void keepsInsertionOrder() {
        Map<String, Object> frozen = Values.frozenMap(ordered("z", 1, "a", 2, "m", 3));
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(frozen.keySet()));
        assertEquals(List.of(1, 2, 3), new ArrayList<>(frozen.values()));
        List<String> seen = new ArrayList<>();
        frozen.forEach((k, v) -> seen.add(k + "=" + v));
        assertEquals(List.of("z=1", "a=2", "m=3"), seen);
        assertEquals("{z=1, a=2, m=3}", frozen.toString());
    }

    @Test
    void equalsAndHashCodeMatchOtherMapsBothWays() {
        Map<String, Object> source = ordered("a", 1, "b", "two", "c", null);
        Map<String, Object> frozen = Values.frozenMap(source);
        assertInstanceOf(Values.FrozenMap.class, frozen);
        Map<String, Object> hashed = new HashMap<>(source);
        assertEquals(source, frozen);
        assertEquals(frozen, source);
        assertEquals(hashed, frozen);
        assertEquals(frozen, hashed);
        assertEquals(source.hashCode(), frozen.hashCode());

        Map<String, Object> noNull = Values.frozenMap(Map.of("a", 1, "b", "two"));
        assertEquals(Map.of("a", 1, "b", "two"), noNull);
        assertEquals(noNull, Map.of("a", 1, "b", "two"));
        assertEquals(Map.of("a", 1, "b", "two").hashCode(), noNull.hashCode());

        assertNotEquals(Map.of("a", 1, "b", "three"), noNull);
        assertNotEquals(noNull, Map.of("a", 1, "b", "three"));
        assertNotEquals(noNull, Map.of("a", 1));
        // A null value is not a missing key.
        assertNotEquals(frozen, ordered("a", 1, "b", "two", "d", null));
    }

    @Test
    void missingKeysAndNullValues() {
        Map<String, Object> frozen = Values.frozenMap(ordered("a", 1, "n", null));
        assertNull(frozen.get("n"));
        assertTrue(frozen.containsKey("n"));
        assertNull(frozen.get("missing"));
        assertFalse(frozen.containsKey("missing"));
        assertFalse(frozen.containsKey(null));
        assertEquals("dflt", frozen.getOrDefault("missing", "dflt"));
        assertNull(frozen.getOrDefault("n", "dflt"));
        assertTrue(frozen.containsValue(null));
        assertTrue(frozen.containsValue(1));
        assertFalse(frozen.containsValue(2));
        assertEquals(2, frozen.size());
    }

    @Test
    void everyMutatorThrows() {
        Map<String, Object> frozen = Values.frozenMap(ordered("a", 1, "b", 2));
        assertThrows(UnsupportedOperationException.class, () -> frozen.put("c", 3));
        assertThrows(UnsupportedOperationException.class, () -> frozen.put("a", 1));
        assertThrows(UnsupportedOperationException.class, () -> frozen.remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> frozen.remove("missing"));
        assertThrows(UnsupportedOperationException.class, () -> frozen.putAll(Map.of()));
        assertThrows(UnsupportedOperationException.class, frozen::clear);
        assertThrows(UnsupportedOperationException.class, () -> frozen.putIfAbsent("a", 1));
        assertThrows(UnsupportedOperationException.class, () -> frozen.replace("a", 9));
        assertThrows(UnsupportedOperationException.class, () -> frozen.merge("a", 9, (x, y) -> y));
        assertThrows(UnsupportedOperationException.class, () -> frozen.computeIfAbsent("c", k -> 3));
        assertThrows(UnsupportedOperationException.class, () -> frozen.replaceAll((k, v) -> v));
        Map.Entry<String, Object> first = frozen.entrySet().iterator().next();
        assertThrows(UnsupportedOperationException.class, () -> first.setValue(5));
        var it = frozen.entrySet().iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
        assertThrows(UnsupportedOperationException.class, () -> frozen.keySet().remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> frozen.values().clear());
        assertEquals(ordered("a", 1, "b", 2), frozen);
    }

    @Test
    void nestedMapsAndListsAreFrozenAndDetached() {
        Map<String, Object> inner = ordered("community", "CHANGE-ME");
        List<Object> list = new ArrayList<>(List.of(1, ordered("x", 1)));
        Map<String, Object> source = ordered("snmp", inner, "oids", list);
        Map<String, Object> frozen = Values.frozenMap(source);

        inner.put("community", "changed");
        list.add(2);
        assertEquals(Map.of("community", "CHANGE-ME"), frozen.get("snmp"));
        assertEquals(List.of(1, Map.of("x", 1)), frozen.get("oids"));

        @SuppressWarnings("unchecked")
        Map<String, Object> frozenInner = (Map<String, Object>) frozen.get("snmp");
        assertThrows(UnsupportedOperationException.class, () -> frozenInner.put("community", "x"));
        @SuppressWarnings("unchecked")
        List<Object> frozenList = (List<Object>) frozen.get("oids");
        assertThrows(UnsupportedOperationException.class, () -> frozenList.add(3));
        assertThrows(UnsupportedOperationException.class, () -> frozenList.set(0, 3));
        assertThrows(UnsupportedOperationException.class, () -> frozenList.remove(0));
        assertThrows(UnsupportedOperationException.class, frozenList::clear);
        @SuppressWarnings("unchecked")
        Map<String, Object> inList = (Map<String, Object>) frozenList.get(1);
        assertThrows(UnsupportedOperationException.class, () -> inList.put("y", 2));
        assertEquals(new ArrayList<>(List.of(1, Map.of("x", 1))), frozenList);
        assertEquals(List.of(1, Map.of("x", 1)).hashCode(), frozenList.hashCode());
    }

    @Test
    void freezingAFrozenValueSharesIt() {
        Map<String, Object> frozen = Values.frozenMap(ordered("a", 1));
        assertSame(frozen, Values.frozenMap(frozen));
        assertSame(Map.of(), Values.frozenMap(Map.of()));
        assertSame(Map.of(), Values.frozenMap(null));

        Map<String, Object> large = Values.frozenMap(numbered(20));
        assertSame(large, Values.frozenMap(large));

        Object list = Values.frozen(List.of("a", "b"));
        Map<String, Object> outer = Values.frozenMap(ordered("small", frozen, "large", large, "list", list));
        assertSame(frozen, outer.get("small"));
        assertSame(large, outer.get("large"));
        assertSame(list, outer.get("list"));
        assertSame(list, Values.frozen(list));
    }

    @Test
    void largeMapsStillWork() {
        int max = Values.MAX_COMPACT_ENTRIES;
        Map<String, Object> source = numbered(max + 1);
        source.put("nothing", null);
        Map<String, Object> large = Values.frozenMap(source);
        assertEquals(max + 2, large.size());
        assertEquals(source, large);
        assertEquals(large, source);
        assertEquals(source.hashCode(), large.hashCode());
        assertEquals(new ArrayList<>(source.keySet()), new ArrayList<>(large.keySet()));
        assertEquals(max, large.get("k" + max));
        assertTrue(large.containsKey("nothing"));
        assertFalse(large.containsKey("k" + (max + 1)));
        assertThrows(UnsupportedOperationException.class, () -> large.put("k0", 1));
        assertThrows(UnsupportedOperationException.class, () -> large.remove("k0"));
        assertThrows(UnsupportedOperationException.class, () -> large.entrySet().iterator().next().setValue(1));
        source.put("k0", "changed");
        assertEquals(0, large.get("k0"));
    }

    @Test
    void withMetricReplacesInPlaceOrAppends() {
        CheckResult r = CheckResult.builder(AT).metric("power", "on").metric("lamp_hours", 10).build();
        CheckResult replaced = r.withMetric("power", "off");
        assertEquals(List.of("power", "lamp_hours"), new ArrayList<>(replaced.metrics().keySet()));
        assertEquals("off", replaced.metrics().get("power"));
        assertEquals("on", r.metrics().get("power"), "the original result is unchanged");

        CheckResult appended = r.withMetric("driver_version", "1.0.0");
        assertEquals(List.of("power", "lamp_hours", "driver_version"), new ArrayList<>(appended.metrics().keySet()));
        assertEquals(2, r.metrics().size());

        CheckResult fromEmpty = CheckResult.ko(AT, "timeout").withMetric("driver_version", "1.0.0");
        assertEquals(Map.of("driver_version", "1.0.0"), fromEmpty.metrics());

        Map<String, Object> nested = new LinkedHashMap<>(Map.of("x", 1));
        CheckResult withNested = r.withMetric("nested", nested);
        nested.put("y", 2);
        assertEquals(Map.of("x", 1), withNested.metrics().get("nested"));

        CheckResult withNull = r.withMetric("gone", null);
        assertTrue(withNull.metrics().containsKey("gone"));
        assertNull(withNull.metrics().get("gone"));
    }

    @Test
    void withMetricPastTheCompactLimitKeepsEveryEntry() {
        int max = Values.MAX_COMPACT_ENTRIES;
        CheckResult r = new CheckResult(Status.OK, AT, null, numbered(max), null);
        CheckResult grown = r.withMetric("k" + max, max).withMetric("k0", "replaced");
        Map<String, Object> expected = numbered(max + 1);
        expected.put("k0", "replaced");
        assertEquals(expected, grown.metrics());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(grown.metrics().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> grown.metrics().put("k1", 0));
    }

    @Test
    void deviceSettingsAreFrozenAndDefaultsMerged() {
        Map<String, Object> settings = ordered("password", "CHANGE-ME", "pjlink", ordered("class", 2));
        Device d = new Device("proj-1", null, "pjlink", "127.0.0.1", null, null, true, null, settings);
        settings.put("password", "changed");
        assertEquals("CHANGE-ME", d.settings().get("password"));
        assertThrows(UnsupportedOperationException.class, () -> d.section("pjlink").put("class", 1));

        Device merged = d.withDefaults(Map.of("timeout_ms", 3000, "password", "default"));
        assertEquals("CHANGE-ME", merged.settings().get("password"));
        assertEquals(3000, merged.settings().get("timeout_ms"));
        assertSame(d.section("pjlink"), merged.section("pjlink"), "a frozen nested map is shared, not copied");
    }

    @Test
    void jacksonSerializesFrozenMapsLikeOrdinaryOnes() throws Exception {
        // as the web UI writes them: null members kept
        JSON json = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
        Map<String, Object> source = ordered("b", 1, "a", List.of(true, "x"), "n", null, "nested", ordered("z", 2.5));
        Map<String, Object> large = numbered(20);
        assertEquals(json.asString(source), json.asString(Values.frozenMap(source)));
        assertEquals("{\"b\":1,\"a\":[true,\"x\"],\"n\":null,\"nested\":{\"z\":2.5}}",
                json.asString(Values.frozenMap(source)));
        assertEquals(json.asString(large), json.asString(Values.frozenMap(large)));
        CheckResult r = CheckResult.builder(AT).metric("power", "on").build().withMetric("driver_version", "1.0.0");
        assertEquals("{\"power\":\"on\",\"driver_version\":\"1.0.0\"}", json.asString(r.metrics()));
    }
}
