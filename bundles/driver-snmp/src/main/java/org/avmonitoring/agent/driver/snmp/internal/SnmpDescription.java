package org.avmonitoring.agent.driver.snmp.internal;

import static org.avmonitoring.agent.api.driver.MetricDescription.bool;
import static org.avmonitoring.agent.api.driver.MetricDescription.list;
import static org.avmonitoring.agent.api.driver.MetricDescription.number;
import static org.avmonitoring.agent.api.driver.MetricDescription.text;
import static org.avmonitoring.agent.api.driver.SettingDescription.integer;
import static org.avmonitoring.agent.api.driver.SettingDescription.secret;
import static org.avmonitoring.agent.api.driver.SettingDescription.section;

import java.util.Arrays;

import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;

/**
 * What the SNMP driver says of itself: its {@code snmp} section (with the extra OIDs list) and the metrics of
 * {@link SnmpPoll}. Extra OIDs add metrics named by their {@code label}, which no description can list.
 */
final class SnmpDescription {
    private SnmpDescription() {
    }

    static final DriverDescription DESCRIPTION = DriverDescription.builder("SNMP")
            .help("Uptime and reboots, identity, interface status and errors, and any extra OIDs, over SNMP v1, v2c"
                    + " or v3 (USM).")
            .defaultPort(SnmpSettings.DEFAULT_PORT)
            .setting(section("snmp",
                    SettingDescription.text("version").label("Version").choices("1", "2c", "3").defaultValue("2c"),
                    secret("community").label("Community").help("v1 and v2c only; required there."),
                    SettingDescription.text("user").label("User").help("v3 only; required there."),
                    SettingDescription.text("auth_protocol").label("Authentication")
                            .choices(SnmpSettings.AUTH_PROTOCOLS.toArray(String[]::new)),
                    secret("auth_password").label("Authentication password").help("At least 8 characters."),
                    SettingDescription.text("priv_protocol").label("Privacy")
                            .choices(SnmpSettings.PRIV_PROTOCOLS.toArray(String[]::new)),
                    secret("priv_password").label("Privacy password").help("At least 8 characters."),
                    integer("timeout_ms").label("Timeout (ms)").range(100, 60_000)
                            .defaultValue(SnmpSettings.DEFAULT_TIMEOUT_MS),
                    integer("retries").label("Retries").range(0, 5).defaultValue(SnmpSettings.DEFAULT_RETRIES),
                    SettingDescription.bool("interfaces").label("Walk interfaces").defaultValue(true)
                            .help("Reads IF-MIB: interfaces down while admin up make a warning."),
                    integer("identity_interval_s").label("Identity every (s)").range(60, 7 * 86_400)
                            .defaultValue(SnmpSettings.DEFAULT_IDENTITY_INTERVAL_S),
                    SettingDescription.list("oids",
                            SettingDescription.text("oid").label("OID").asRequired()
                                    .help("Numeric, e.g. 1.3.6.1.4.1.1248.4.1.1.1.1.0"),
                            SettingDescription.text("label").label("Metric key").asRequired()
                                    .help("lower-case letters, digits and _"),
                            SettingDescription.text("type").label("Value type").choices(Arrays.stream(
                                    SnmpSettings.ValueType.values()).map(SnmpSettings.ValueType::wireName)
                                    .toArray(String[]::new)).defaultValue("string"),
                            SettingDescription.bool("required").label("Required").defaultValue(false))
                            .label("Extra OIDs").help("At most " + SnmpSettings.MAX_EXTRA_OIDS + "."))
                    .label("SNMP"))
            .metric(text("sys_name").label("Name").asKeyMetric())
            .metric(number("sys_uptime_s").label("Uptime").unit("s").asKeyMetric().asExported())
            .metric(number("if_oper_down").label("Interfaces down").help("Interfaces down while admin up.")
                    .asKeyMetric().asExported())
            .metric(bool("rebooted").label("Rebooted").help("sysUpTime fell since the previous check."))
            .metric(number("if_count").label("Interfaces"))
            .metric(number("if_in_errors").label("In errors").asExported())
            .metric(number("if_out_errors").label("Out errors").asExported())
            .metric(number("if_in_discards").label("In discards").asExported())
            .metric(number("if_errors_delta").label("New errors").help("Errors since the previous check.")
                    .asExported())
            .metric(list("interfaces").label("Interface table"))
            .metric(list("missing_oids").label("Missing OIDs"))
            .metric(text("snmp_version").label("SNMP version"))
            .metric(number("sys_uptime_ticks").label("Uptime (ticks)").unit("1/100 s"))
            .metric(text("sys_descr").label("Description"))
            .metric(text("sys_object_id").label("Object ID"))
            .metric(text("sys_contact").label("Contact"))
            .metric(text("sys_location").label("Location"))
            .build();
}
