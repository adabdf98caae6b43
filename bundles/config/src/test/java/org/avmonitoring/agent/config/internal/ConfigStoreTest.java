package org.avmonitoring.agent.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.ConfigListener;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.DuplicateDeviceException;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.UnknownDeviceException;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.testing.support.Peers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {
    @TempDir
    Path dir;
    ConfigStore store;
    final DriverDirectory drivers = new DriverDirectory();
    final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (store != null) {
            store.deactivate();
        }
    }

    Path writeConfig(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        return f;
    }

    ConfigStore open(Path f) throws Exception {
        store = new ConfigStore(f, drivers, 1, () -> listeners);
        return store;
    }

    static Device device(String id, String type) {
        return new Device(id, null, type, "127.0.0.1", null, null, true, DeviceSource.LOCAL, Map.of());
    }

    /** A driver that accepts only "snmp.version" 1, 2c or 3. */
    static final class StrictSnmp implements DeviceDriver {
        @Override
        public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ValidationProblem> validate(Device device) {
            Object v = device.section("snmp").get("version");
            return List.of("1", "2c", "3").contains(v) ? List.of()
                    : List.of(new ValidationProblem("snmp.version", "\"" + v + "\" is not one of 1, 2c, 3"));
        }
    }

    @Test
    void aMalformedFileAtStartIsRefusedWithEveryFault() throws Exception {
        Path f = writeConfig("{\"devices\":[{\"id\":\"a\",\"type\":\"ping\"},{\"id\":\"b\",\"type\":\"ping\",\"host\":\"h\",\"port\":0}]}");
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> open(f));
        assertEquals(List.of("devices[0].host: missing", "devices[1].port: 0 is not in 1..65535"),
                e.problems().stream().map(Object::toString).collect(java.util.stream.Collectors.toList()));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
    }

    @Test
    void aDriverPresentValidatesItsSettingsAndAnAbsentOneDoesNot() throws Exception {
        Path f = writeConfig("{\"devices\":[{\"id\":\"sw\",\"type\":\"snmp\",\"host\":\"h\",\"snmp\":{\"version\":\"4\"}}]}");
        open(f);
        store.deactivate();
        store = null;
        drivers.addDriver(new StrictSnmp(), new FakeServiceReference("snmp"));
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> open(f));
        assertEquals("devices[0].snmp.version: \"4\" is not one of 1, 2c, 3", e.problems().get(0).toString());
    }

    @Test
    void changesAreValidatedWrittenAndAnnounced() throws Exception {
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        open(f);
        List<SiteConfig> seen = new CopyOnWriteArrayList<>();
        listeners.add((prev, now) -> seen.add(now));

        store.addDevice(device("tv-9", "ping"));
        assertEquals(4, store.current().devices().size());
        assertEquals(1, seen.size());
        assertTrue(Files.readString(f).contains("\"tv-9\""));

        assertThrows(DuplicateDeviceException.class, () -> store.addDevice(device("tv-9", "ping")));
        assertThrows(UnknownDeviceException.class, () -> store.removeDevice("nope"));
        ConfigValidationException bad = assertThrows(ConfigValidationException.class,
                () -> store.addDevice(new Device("x", null, "ping", "bad host", 70_000, null, true, null, Map.of())));
        assertEquals(List.of("host: \"bad host\" is not a host name or IP address", "port: 70000 is not in 1..65535"),
                bad.problems().stream().map(Object::toString).collect(java.util.stream.Collectors.toList()));
        assertEquals(1, seen.size(), "a refused change is not announced");

        store.updateDevice("tv-9", device("tv-10", "ping"));
        assertTrue(store.current().device("tv-10").isPresent());
        store.removeDevice("tv-10");
        assertEquals(3, store.current().devices().size());
        assertEquals(3, seen.size());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertTrue(AtomicFile.leftovers(f).isEmpty());
    }

    @Test
    void backendDevicesAreReplacedAndLocalOnesKept() throws Exception {
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        open(f);
        store.replaceBackendDevices(List.of(device("b1", "ping"), device("b2", "ping")));
        assertEquals(5, store.current().devices().size());
        store.replaceBackendDevices(List.of(device("b2", "ping")));
        SiteConfig c = store.current();
        assertEquals(4, c.devices().size());
        assertEquals(DeviceSource.BACKEND, c.device("b2").orElseThrow().source());
        assertTrue(c.device("proj-101").isPresent());
        assertThrows(ConfigValidationException.class, () -> store.replaceBackendDevices(List.of(device("proj-101", "ping"))));
        // What was written loads back identically, source included.
        assertEquals(c, ConfigCodec.parse(Files.readAllBytes(f)).config());
    }

    /** Config sync parses the backend's answer with {@link ConfigStore#parse}: a hostile depth is refused there. */
    @Test
    void aBackendAnswerNestedTooDeepIsRefusedNamingTheLimit() throws Exception {
        open(writeConfig(ConfigCodecTest.EXAMPLE));
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> store.parse(ConfigCodecTest.TOO_DEEP.getBytes(StandardCharsets.UTF_8), "backend configuration"));
        assertEquals("backend configuration: JSON nested deeper than 32 levels (objects and arrays within each other)"
                + " at line 1", e.getMessage());
    }

    @Test
    void settingsChangeKeepsDevicesAndToken() throws Exception {
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        open(f);
        var s = store.current().settings();
        store.updateSettings(new org.avmonitoring.agent.api.config.SiteSettings("Campus Sud", Secret.of("NEW-PLACEHOLDER"),
                "", s.collectIntervalS(), s.reportIntervalOkS(), s.reportIntervalKoS(), s.configSyncIntervalS()));
        assertEquals("Campus Sud", store.current().settings().siteName());
        assertTrue(store.current().settings().standalone());
        assertEquals(3, store.current().devices().size());
        assertTrue(Files.readString(f).contains("NEW-PLACEHOLDER"));
    }

    @Test
    void anInvalidHandEditIsIgnoredAndAValidOneIsPickedUp() throws Exception {
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        open(f);
        List<SiteConfig> seen = new CopyOnWriteArrayList<>();
        listeners.add((prev, now) -> seen.add(now));

        Files.writeString(f, "{\"devices\":[{\"id\":\"a\"}]}");
        // The store must look at the bad file, keep the old state and still pick up a later good edit.
        String good = ConfigCodecTest.EXAMPLE.replace("Campus Nord", "Campus Est");
        Await.until(Duration.ofSeconds(10), store::handEditRejected, "the invalid edit to be seen and refused");
        assertEquals("Campus Nord", store.current().settings().siteName());
        assertEquals(3, store.current().devices().size());
        Files.writeString(f, good);
        Await.until(Duration.ofSeconds(10), () -> !seen.isEmpty(), "the valid edit to be announced");
        assertEquals("Campus Est", store.current().settings().siteName());
    }

    @Test
    void aSameSizeEditWithAnOlderModificationTimeIsPickedUp() throws Exception {
        // The edit poll skips reading a file whose size and time have not changed: an edit that keeps the size and
        // sets the time back (a restored backup) changes the time all the same, so it must still be read.
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        open(f);
        List<SiteConfig> seen = new CopyOnWriteArrayList<>();
        listeners.add((prev, now) -> seen.add(now));

        String sameSize = ConfigCodecTest.EXAMPLE.replace("Campus Nord", "Campus Sud!");
        assertEquals(ConfigCodecTest.EXAMPLE.length(), sameSize.length());
        Files.writeString(f, sameSize);
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        Await.until(Duration.ofSeconds(10), () -> !seen.isEmpty(), "the same-size, back-dated edit to be announced");
        assertEquals("Campus Sud!", store.current().settings().siteName());
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheOldFileIntact() throws Exception {
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        byte[] before = Files.readAllBytes(f);
        IOException crash = assertThrows(IOException.class, () -> AtomicFile.write(f, "{}".getBytes(StandardCharsets.UTF_8),
                temp -> {
                    assertTrue(Files.exists(temp));
                    throw new IOException("simulated crash");
                }));
        assertEquals("simulated crash", crash.getMessage());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(f));
        assertTrue(AtomicFile.leftovers(f).isEmpty());
    }

    @Test
    void aTempFileLeftByAKilledWriterIsRemovedAtStart() throws Exception {
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        Path stale = dir.resolve(".config.json.12345.tmp");
        Files.writeString(stale, "{\"half");
        open(f);
        assertFalse(Files.exists(stale));
        assertEquals(3, store.current().devices().size());
    }

    @Test
    void theFileModeIsKept() throws Exception {
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.write(f, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Path fresh = dir.resolve("new.json");
        AtomicFile.write(fresh, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    }

    @Test
    void theOwnerIsKeptWhenRootRewritesTheServicesFile() throws Exception {
        java.nio.file.attribute.UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        String why = "only root can give a file to another user; skipped as " + System.getProperty("user.name");
        org.junit.jupiter.api.Assumptions.assumeTrue(Peers.available("root".equals(System.getProperty("user.name")), why),
                why);
        Path f = writeConfig(ConfigCodecTest.EXAMPLE);
        var nobody = users.lookupPrincipalByName("nobody");
        var nogroup = users.lookupPrincipalByGroupName("nogroup");
        Files.setOwner(f, nobody);
        Files.getFileAttributeView(f, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(nogroup);
        AtomicFile.write(f, "{}".getBytes(StandardCharsets.UTF_8));
        var attrs = Files.readAttributes(f, java.nio.file.attribute.PosixFileAttributes.class);
        assertEquals(nobody, attrs.owner());
        assertEquals(nogroup, attrs.group());
        assertEquals("rw-r-----", PosixFilePermissions.toString(attrs.permissions()));
    }

    /**
     * Keys the device's driver does not describe (typos, or keys of a newer backend) are kept with a warning naming
     * the key and the device; a type whose driver is absent is not checked by key.
     */
    @Test
    void checkCommandWarnsOfEachUndescribedDeviceKey() throws Exception {
        drivers.addDriver(new DescribedSettingsTest.Described(), new FakeServiceReference("projector"));
        Path f = writeConfig("{\"devices\":[{\"id\":\"p1\",\"type\":\"projector\",\"host\":\"h\",\"pasword\":\"x\","
                + "\"intervall_s\":30,\"room\":\"r\"},"
                + "{\"id\":\"s1\",\"type\":\"future\",\"host\":\"h\",\"future_setting\":1}]}");
        assertEquals(List.of(
                "warning: " + f + ": devices[p1].pasword: unknown key \"pasword\" (did you mean \"password\"?)",
                "warning: " + f + ": devices[p1].intervall_s: unknown key \"intervall_s\" (did you mean \"interval_s\"?)",
                "warning: " + f + ": devices[s1].type: no driver installed for type \"future\": the device's settings are"
                        + " not checked and it is not polled"), new ConfigCheckCommand(drivers).apply(f));
        // The same rule for the backend's configuration (config sync parses it with ConfigService.parse): not refused.
        byte[] fromBackend = Files.readAllBytes(f);
        open(writeConfig(ConfigCodecTest.EXAMPLE));
        assertEquals(2, store.parse(fromBackend, "backend configuration").devices().size());
    }

    @Test
    void controlAndBidiOverrideCharactersInNamesAreRefused() throws Exception {
        Path f = writeConfig("{\"site_name\":\"Campus \\u202Eevil\",\"devices\":[{\"id\":\"a\",\"type\":\"ping\","
                + "\"host\":\"h\",\"name\":\"Hall\\u0000\"}]}");
        assertEquals(List.of(f + ": site_name: contains a bidirectional override (U+202E) at position 8: only plain text"
                        + " is allowed",
                f + ": devices[0].name: contains a control character (U+0000) at position 5: only plain text is allowed",
                "warning: " + f + ": devices[a].type: no driver installed for type \"ping\": the device's settings are"
                        + " not checked and it is not polled"),
                new ConfigCheckCommand(drivers).apply(f));
        open(writeConfig(ConfigCodecTest.EXAMPLE));
        assertEquals(List.of("name: contains a bidirectional override (U+2066) at position 1: only plain text is allowed"),
                store.validateDevice(new Device("b", "\u2066x", "ping", "h", null, null, true, DeviceSource.LOCAL, Map.of()))
                        .stream().map(Object::toString).toList());
    }

    @Test
    void checkCommandListsErrorsAndWarnings() throws Exception {
        Path f = writeConfig("{\"collect_interval_s\":5,\"devices\":[{\"id\":\"a\",\"type\":\"ping\",\"host\":\"h\",\"port\":99999}]}");
        List<String> out = new ConfigCheckCommand(drivers).apply(f);
        assertEquals(List.of(f + ": devices[0].port: 99999 is not in 1..65535",
                "warning: " + f + ": collect_interval_s: 5 s is under the recommended minimum of 15 s"), out);
        assertEquals(List.of(dir.resolve("nope.json") + ": no such file"),
                new ConfigCheckCommand(drivers).apply(dir.resolve("nope.json")));
    }
}
