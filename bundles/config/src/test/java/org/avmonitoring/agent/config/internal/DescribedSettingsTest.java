package org.avmonitoring.agent.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.testing.support.Await;
import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescribedSettingsTest {
    static final DriverDescription PROJECTOR = DriverDescription.builder("Projector")
            .setting(SettingDescription.secret("password"))
            .setting(SettingDescription.integer("timeout_ms").range(100, 10_000))
            .setting(SettingDescription.text("mode").choices("eco", "bright"))
            .setting(SettingDescription.text("room").asRequired())
            .setting(SettingDescription.section("snmp", SettingDescription.bool("enabled"),
                    SettingDescription.list("extra_oids", SettingDescription.text("oid").asRequired())))
            .build();

    @TempDir
    Path dir;

    static List<String> problems(Map<String, Object> settings, List<ValidationProblem> unknown) {
        List<ValidationProblem> problems = new ArrayList<>();
        DescribedSettings.check(PROJECTOR, settings, problems, unknown);
        return problems.stream().map(Object::toString).toList();
    }

    @Test
    void eachKindOfFaultIsNamedWithItsPath() {
        List<ValidationProblem> unknown = new ArrayList<>();
        List<String> p = problems(Map.of("timeout_ms", 50, "mode", "dim", "snmp",
                Map.of("enabled", "yes", "extra_oids", List.of(Map.of(), "x"))), unknown);
        assertEquals(List.of("timeout_ms: must be an integer between 100 and 10000, not 50",
                "mode: \"dim\" is not one of eco, bright", "room: is required",
                "snmp.enabled: must be true or false, not \"yes\"", "snmp.extra_oids[0].oid: is required",
                "snmp.extra_oids[1]: must be an object"), p);
        assertTrue(unknown.isEmpty(), unknown.toString());
        assertEquals(List.of("timeout_ms: must be an integer between 100 and 10000, not 1.5"),
                problems(Map.of("room", "r", "timeout_ms", 1.5), unknown));
    }

    @Test
    void unknownKeysAreNamedWithTheClosestKnownOneAndForecastKeysAreReserved() {
        List<ValidationProblem> unknown = new ArrayList<>();
        assertEquals(List.of(), problems(Map.of("room", "r", "pasword", "s3cret", "forecast_lamp_hours", 1,
                "snmp", Map.of("enabeld", true)), unknown));
        assertEquals(List.of("pasword: unknown key \"pasword\" (did you mean \"password\"?)",
                "snmp.enabeld: unknown key \"enabeld\" (did you mean \"enabled\"?)"),
                unknown.stream().map(Object::toString).sorted().toList());
        unknown.clear();
        problems(Map.of("room", "r", "colour", "red", "intervall_s", 5), unknown);
        assertEquals(List.of("colour: unknown key \"colour\"",
                "intervall_s: unknown key \"intervall_s\" (did you mean \"interval_s\"?)"),
                unknown.stream().map(Object::toString).sorted().toList(), "the device's own keys are suggested too");
    }

    @Test
    void aSecretsValueNeverAppearsInAProblem() {
        List<String> p = problems(Map.of("room", "r", "password", 12345678), new ArrayList<>());
        assertEquals(List.of("password: must be a string, not the value given"), p);
    }

    /** A driver with the description above that accepts everything in its own validate. */
    static final class Described implements DeviceDriver {
        @Override
        public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ValidationProblem> validate(Device device) {
            return List.of();
        }

        @Override
        public DriverDescription description() {
            return PROJECTOR;
        }
    }

    static Device projector(Map<String, Object> settings) {
        return new Device("p1", null, "projector", "127.0.0.1", null, null, true, DeviceSource.LOCAL, settings);
    }

    @Test
    void anUnknownKeyIsAnErrorFromTheUiAndAWarningInTheFile() throws Exception {
        DriverDirectory drivers = new DriverDirectory();
        drivers.addDriver(new Described(), new FakeServiceReference("projector"));
        Device typo = projector(Map.of("room", "r", "pasword", "x"));

        assertEquals(List.of("pasword: unknown key \"pasword\" (did you mean \"password\"?)"),
                DeviceRules.check(typo, drivers::forType, true, new ArrayList<>()).stream().map(Object::toString).toList());
        List<ValidationProblem> warnings = new ArrayList<>();
        assertEquals(List.of(), DeviceRules.check(typo, drivers::forType, false, warnings));
        assertEquals(1, warnings.size());

        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"devices\":[{\"id\":\"p1\",\"type\":\"projector\",\"host\":\"h\",\"room\":\"r\","
                + "\"pasword\":\"x\"},{\"id\":\"sw\",\"type\":\"switchy\",\"host\":\"h\"}]}");
        List<String> lines = new ConfigCheckCommand(drivers).apply(f);
        assertEquals(List.of("warning: " + f + ": devices[p1].pasword: unknown key \"pasword\" (did you mean \"password\"?)",
                "warning: " + f + ": devices[sw].type: no driver installed for type \"switchy\": the device's"
                        + " settings are not checked and it is not polled"), lines);
    }

    @Test
    void aDriverArrivingLaterFindsItsDevicesProblemsAsWarningsAndTheConfigurationIsKept() throws Exception {
        DriverDirectory drivers = new DriverDirectory();
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"devices\":[{\"id\":\"p1\",\"type\":\"projector\",\"host\":\"h\",\"mode\":\"dim\"}]}");
        ConfigStore store = new ConfigStore(f, drivers, 60, List::of);
        try {
            Await.until(Duration.ofSeconds(10), () -> store.warnings().size() == 1, "the no-driver warning");
            assertTrue(store.warnings().get(0).toString().startsWith("devices[p1].type: no driver installed"));

            drivers.addDriver(new Described(), new FakeServiceReference("projector"));
            Await.until(Duration.ofSeconds(10), () -> store.warnings().size() == 2, "the new driver's findings");
            assertEquals(List.of("devices[p1].mode: \"dim\" is not one of eco, bright", "devices[p1].room: is required"),
                    store.warnings().stream().map(Object::toString).sorted().toList());
            assertFalse(store.current().devices().isEmpty());
        } finally {
            store.deactivate();
        }
    }
}
