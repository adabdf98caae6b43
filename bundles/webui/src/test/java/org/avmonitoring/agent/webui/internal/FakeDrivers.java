package org.avmonitoring.agent.webui.internal;

import static org.avmonitoring.agent.api.driver.SettingDescription.bool;
import static org.avmonitoring.agent.api.driver.SettingDescription.integer;
import static org.avmonitoring.agent.api.driver.SettingDescription.list;
import static org.avmonitoring.agent.api.driver.SettingDescription.secret;
import static org.avmonitoring.agent.api.driver.SettingDescription.section;
import static org.avmonitoring.agent.api.driver.SettingDescription.text;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.CheckResult;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;

/**
 * Stand-ins for installed drivers, described the way the built-in ones are (the keys and secrets the tests use), and
 * a display driver whose {@code pin} is secret by description only: the web UI's tests see the config bundle's
 * rules applied to them.
 */
final class FakeDrivers {
    static final Map<String, DeviceDriver> ALL = Map.of(
            "pjlink", new Described(DriverDescription.builder("PJLink").setting(secret("password"))
                    .setting(integer("lamp_hours_warning")).setting(integer("filter_hours_warning"))
                    .setting(integer("timeout_ms")).build()),
            "snmp", new Described(DriverDescription.builder("SNMP").setting(section("snmp", text("version"),
                    secret("community"), text("user"), text("auth_protocol"), secret("auth_password"),
                    text("priv_protocol"), secret("priv_password"), integer("timeout_ms"), integer("retries"),
                    bool("interfaces"), integer("identity_interval_s"), list("oids", text("oid"), text("label"))))
                    .build()) {
                @Override
                public List<ValidationProblem> validate(Device device) {
                    Object version = device.section("snmp").get("version");
                    boolean known = version != null && List.of("1", "2c", "3").contains(version);
                    return known ? List.of() : List.of(new ValidationProblem("snmp.version",
                            "\"" + version + "\" is not one of 1, 2c, 3"));
                }
            },
            "ping", new Described(DriverDescription.builder("Ping").setting(section("ping", text("mode"),
                    integer("count"), integer("timeout_ms"), integer("loss_warning_pct"), integer("tcp_port")))
                    .build()),
            "display", new Described(DriverDescription.builder("Display").setting(text("pin").asSecret()).build()));

    private FakeDrivers() {
    }

    static class Described implements DeviceDriver {
        private final DriverDescription description;

        Described(DriverDescription description) {
            this.description = description;
        }

        @Override
        public CompletableFuture<CheckResult> check(Device device, Duration deadline) {
            throw new UnsupportedOperationException("not checked by these tests");
        }

        @Override
        public List<ValidationProblem> validate(Device device) {
            return List.of();
        }

        @Override
        public DriverDescription description() {
            return description;
        }
    }
}
