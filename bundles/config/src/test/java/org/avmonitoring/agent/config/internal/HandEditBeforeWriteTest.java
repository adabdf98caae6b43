package org.avmonitoring.agent.config.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.avmonitoring.agent.api.config.ConfigListener;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand edit of config.json followed by a write through the service (the UI's, or config sync's) before, after or
 * unseen by the edit polling: the write keeps the edit. The polling runs only when a test says (one poll = one moment
 * of the 2 s cycle), so every interleaving is taken on purpose, without sleeping.
 */
class HandEditBeforeWriteTest {
    /** Sets the file's time back an hour: then a same-size edit given that time again is invisible to a poll. */
    private static final FileTime AN_HOUR_AGO = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    private static final String EDITED = ConfigCodecTest.EXAMPLE.replace("Campus Nord", "Campus Sud!");

    @TempDir
    Path dir;
    private ConfigStore store;
    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        store.deactivate();
    }

    /** When the write comes, relative to the edit polling. */
    enum Moment {
        /** The edit is newer than the last poll. */
        BEFORE_ANY_POLL,
        /** A poll applied the edit. */
        AFTER_A_POLL,
        /** A poll ran but could not tell the edit (same size, same time: a coarse clock, or a restored backup). */
        AFTER_A_POLL_BLIND_TO_IT
    }

    /** How the service is written to. */
    enum Writer {
        UI { void write(ConfigStore s) throws ConfigValidationException { s.addDevice(ConfigStoreTest.device("tv-9", "ping")); } },
        SYNC { void write(ConfigStore s) throws ConfigValidationException { s.replaceBackendDevices(List.of(ConfigStoreTest.device("tv-9", "ping"))); } };

        abstract void write(ConfigStore s) throws ConfigValidationException;
    }

    private Path open() throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, ConfigCodecTest.EXAMPLE);
        Files.setLastModifiedTime(f, AN_HOUR_AGO);
        store = new ConfigStore(f, new DriverDirectory(), 3600, () -> listeners); // polled only when a test says
        return f;
    }

    @ParameterizedTest
    @EnumSource(Moment.class)
    void aUiWriteKeepsTheHandEdit(Moment moment) throws Exception {
        handEditThenWrite(moment, Writer.UI);
    }

    @ParameterizedTest
    @EnumSource(Moment.class)
    void aSyncWriteKeepsTheHandEdit(Moment moment) throws Exception {
        handEditThenWrite(moment, Writer.SYNC);
    }

    private void handEditThenWrite(Moment moment, Writer writer) throws Exception {
        Path f = open();
        List<SiteConfig> seen = new CopyOnWriteArrayList<>();
        listeners.add((prev, now) -> seen.add(now));
        Files.writeString(f, EDITED);
        if (moment == Moment.AFTER_A_POLL_BLIND_TO_IT) {
            Files.setLastModifiedTime(f, AN_HOUR_AGO);
        }
        if (moment != Moment.BEFORE_ANY_POLL) {
            store.reloadIfEdited();
        }
        writer.write(store);

        String written = Files.readString(f);
        assertTrue(written.contains("Campus Sud!"), "the hand edit is kept:\n" + written);
        assertTrue(written.contains("\"tv-9\""), "the write is done:\n" + written);
        assertEquals("Campus Sud!", store.current().settings().siteName());
        assertEquals("Campus Sud!", seen.get(seen.size() - 1).settings().siteName(), "listeners saw the edit");
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void anInvalidHandEditRefusesTheWriteAndStaysOnDisk(Writer writer) throws Exception {
        Path f = open();
        byte[] invalid = "{\"devices\":[{\"id\":\"a\",\"type\":\"ping\"}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(f, invalid);

        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> writer.write(store));
        assertTrue(e.getMessage().startsWith(f + " was edited by hand into an invalid state; the change is refused"
                + " and the file left as it is"), e.getMessage());
        assertEquals(List.of("devices[0].host: missing"), e.problems().stream().map(Object::toString).toList());
        assertArrayEquals(invalid, Files.readAllBytes(f), "the operator's file is untouched");
        assertEquals("Campus Nord", store.current().settings().siteName(), "the last good state stays in force");
    }
}
