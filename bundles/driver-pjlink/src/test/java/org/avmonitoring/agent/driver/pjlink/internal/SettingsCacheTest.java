package org.avmonitoring.agent.driver.pjlink.internal;

import static org.avmonitoring.agent.driver.pjlink.internal.PjLinkTestSupport.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.avmonitoring.agent.api.Device;
import org.junit.jupiter.api.Test;

/** Settings are read once per definition: reused while it stays, read again when it changes or is forgotten. */
class SettingsCacheTest {

    @Test
    void oneParsePerDefinition() {
        SettingsCache cache = new SettingsCache();
        Device d = device("pj", "127.0.0.7", 4352, "timeout_ms", 800);
        SettingsCache.Entry first = cache.of(d);
        assertEquals(800, first.settings().timeoutMs());
        assertEquals(new InetSocketAddress("127.0.0.7", 4352), first.settings().literalAddress());
        assertSame(first, cache.of(d), "the same definition is not parsed again");
        assertSame(first, cache.of(device("pj", "127.0.0.7", 4352, "timeout_ms", 800)), "nor an equal one");

        SettingsCache.Entry changed = cache.of(device("pj", "127.0.0.7", 4352, "timeout_ms", 900));
        assertEquals(900, changed.settings().timeoutMs(), "a changed definition is read afresh");
        assertEquals(1, cache.size());

        cache.forget("pj");
        assertEquals(0, cache.size());
        assertNotSame(changed, cache.of(device("pj", "127.0.0.7", 4352, "timeout_ms", 900)));
    }

    @Test
    void invalidDefinitionKeepsItsProblemsAndNoSettings() {
        SettingsCache cache = new SettingsCache();
        SettingsCache.Entry e = cache.of(device("pj", "127.0.0.7", 4352, "password", "has space"));
        assertNull(e.settings());
        assertEquals("password", e.problems().get(0).path());
        assertNotNull(cache.of(device("pj", "127.0.0.7", 4352, "password", "fixed")).settings());
    }

    @Test
    void bounded() {
        SettingsCache cache = new SettingsCache();
        for (int i = 0; i <= SettingsCache.MAX_DEVICES; i++) {
            cache.of(device("pj-" + i, "127.0.0.7", 4352));
        }
        assertTrue(cache.size() <= SettingsCache.MAX_DEVICES, cache.size() + " entries");
    }

    @Test
    void hostNamesAreLeftToTheResolver() {
        assertNull(new SettingsCache().of(device("pj", "projector.example", 4352)).settings().literalAddress());
    }
}
