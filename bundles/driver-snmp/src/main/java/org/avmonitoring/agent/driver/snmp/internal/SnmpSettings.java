package org.avmonitoring.agent.driver.snmp.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;

/**
 * An SNMP device's {@code snmp} settings section:
 * {@code version} ("1", "2c" or "3", default "2c"), {@code community} (v1/v2c), {@code user}, {@code auth_protocol},
 * {@code auth_password}, {@code priv_protocol}, {@code priv_password} (v3), {@code timeout_ms} (default 1500),
 * {@code retries} (default 1), {@code interfaces} (walk IF-MIB, default true), {@code identity_interval_s}
 * (default 21600) and {@code oids} (extra values: {@code oid}, {@code label}, {@code type}, {@code required}).
 * Passwords and the community are kept only here and handed to SNMP4J; {@link #toString()} never shows them.
 */
final class SnmpSettings {
    static final int DEFAULT_PORT = 161;
    static final int DEFAULT_TIMEOUT_MS = 1500;
    static final int DEFAULT_RETRIES = 1;
    static final int DEFAULT_IDENTITY_INTERVAL_S = 6 * 3600;
    static final List<String> VERSIONS = List.of("1", "2c", "3");
    static final List<String> AUTH_PROTOCOLS = List.of("MD5", "SHA", "SHA224", "SHA256", "SHA384", "SHA512");
    static final List<String> PRIV_PROTOCOLS = List.of("DES", "AES", "AES192", "AES256");
    static final int MAX_EXTRA_OIDS = 64;
    private static final Pattern OID = Pattern.compile("\\.?[0-2](\\.\\d{1,10}){1,127}");
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** How an extra OID's value becomes a metric. */
    enum ValueType {
        INTEGER, COUNTER, GAUGE, TIMETICKS, STRING;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record ExtraOid(String oid, String label, ValueType type, boolean required) {
    }

    final String version;
    final String community;
    final String user;
    final String authProtocol;
    final String authPassword;
    final String privProtocol;
    final String privPassword;
    final int timeoutMs;
    final int retries;
    final boolean interfaces;
    final int identityIntervalS;
    final List<ExtraOid> oids;

    private SnmpSettings(Map<String, Object> s) {
        version = versionOf(s.get("version"));
        community = str(s.get("community"));
        user = str(s.get("user"));
        authProtocol = upper(s.get("auth_protocol"));
        authPassword = str(s.get("auth_password"));
        privProtocol = upper(s.get("priv_protocol"));
        privPassword = str(s.get("priv_password"));
        timeoutMs = SettingValues.integerOr(s.get("timeout_ms"), DEFAULT_TIMEOUT_MS);
        retries = SettingValues.integerOr(s.get("retries"), DEFAULT_RETRIES);
        interfaces = !Boolean.FALSE.equals(s.get("interfaces"));
        identityIntervalS = SettingValues.integerOr(s.get("identity_interval_s"), DEFAULT_IDENTITY_INTERVAL_S);
        List<ExtraOid> extra = new ArrayList<>();
        if (s.get("oids") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("oid") instanceof String oid && m.get("label") instanceof String label) {
                    Object t = m.get("type");
                    ValueType type = t instanceof String ts ? valueType(ts) : ValueType.STRING;
                    extra.add(new ExtraOid(oid.startsWith(".") ? oid.substring(1) : oid, label,
                            type == null ? ValueType.STRING : type, Boolean.TRUE.equals(m.get("required"))));
                }
            }
        }
        oids = List.copyOf(extra);
    }

    /** Settings of a device that {@link #validate} accepted. */
    static SnmpSettings of(Device device) {
        return new SnmpSettings(device.section("snmp"));
    }

    boolean v3() {
        return "3".equals(version);
    }

    /**
     * What {@link SnmpDescription} cannot say, with paths relative to the device ({@code snmp.auth_protocol}): which
     * settings go with which version, passwords with their protocols, OID and label syntax. Types, ranges and
     * choices are checked by the agent against the description before. Never echoes a secret.
     */
    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> p = new ArrayList<>();
        Map<String, Object> s = device.section("snmp");
        String version = versionOf(s.get("version"));
        if (version == null) {
            return p; // not a version: the description's choices name it
        }
        if (!"3".equals(version)) {
            if (!(s.get("community") instanceof String c) || c.isEmpty()) {
                p.add(new ValidationProblem("snmp.community", "is required for SNMP v" + version));
            }
            for (String key : List.of("user", "auth_protocol", "auth_password", "priv_protocol", "priv_password")) {
                if (s.get(key) != null) {
                    p.add(new ValidationProblem("snmp." + key, "applies to SNMP v3 only, not v" + version));
                }
            }
        } else {
            validateV3(s, p);
        }
        validateOids(s.get("oids"), p);
        return p;
    }

    private static void validateV3(Map<String, Object> s, List<ValidationProblem> p) {
        if (!(s.get("user") instanceof String u) || u.isEmpty()) {
            p.add(new ValidationProblem("snmp.user", "is required for SNMP v3"));
        } else if (u.length() > 32) {
            p.add(new ValidationProblem("snmp.user", "must be at most 32 characters (RFC 3414 securityName)"));
        }
        if (s.get("community") != null) {
            p.add(new ValidationProblem("snmp.community", "applies to SNMP v1 and v2c only, not v3"));
        }
        boolean auth = s.get("auth_protocol") != null;
        boolean priv = s.get("priv_protocol") != null;
        checkPassword(s, "auth_password", auth, "auth_protocol", p);
        checkPassword(s, "priv_password", priv, "priv_protocol", p);
        if (priv && s.get("auth_protocol") == null) {
            p.add(new ValidationProblem("snmp.priv_protocol", "needs an auth_protocol too (USM has no privacy without authentication)"));
        }
    }

    private static void checkPassword(Map<String, Object> s, String key, boolean protocolSet, String protocolKey,
                                      List<ValidationProblem> p) {
        Object v = s.get(key);
        if (protocolSet && v == null) {
            p.add(new ValidationProblem("snmp." + key, "is required when " + protocolKey + " is set"));
        } else if (!protocolSet && v != null) {
            p.add(new ValidationProblem("snmp." + key, "is set but " + protocolKey + " is not"));
        } else if (v instanceof String pw && pw.length() < 8) {
            // RFC 3414 §11.2: net-snmp and most agents refuse passphrases under 8 characters.
            p.add(new ValidationProblem("snmp." + key, "must be at least 8 characters"));
        }
    }

    private static void validateOids(Object raw, List<ValidationProblem> p) {
        if (raw == null) {
            return;
        }
        if (!(raw instanceof List<?> list)) {
            return; // not a list: the description says so
        }
        if (list.size() > MAX_EXTRA_OIDS) {
            p.add(new ValidationProblem("snmp.oids", "has " + list.size() + " entries, at most " + MAX_EXTRA_OIDS));
        }
        Set<String> labels = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "snmp.oids[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                continue;
            }
            Object oid = m.get("oid");
            if (!(oid instanceof String o) || !OID.matcher(o).matches()) {
                p.add(new ValidationProblem(at + ".oid", SettingValues.describe(oid) + " is not a numeric OID such as 1.3.6.1.4.1.1248.4.1.1.1.1.0"));
            }
            Object label = m.get("label");
            if (!(label instanceof String l) || !LABEL.matcher(l).matches()) {
                p.add(new ValidationProblem(at + ".label", SettingValues.describe(label) + " must be lower-case letters, digits and _ (metric key), starting with a letter"));
            } else if (SnmpPoll.RESERVED_METRICS.contains(l) || !labels.add(l)) {
                p.add(new ValidationProblem(at + ".label", SettingValues.describe(label) + " is already used by another metric of this device"));
            }
        }
    }

    private static ValueType valueType(String name) {
        for (ValueType t : ValueType.values()) {
            if (t.wireName().equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    /** "1", "2c", "3" (also the JSON numbers 1 and 3); null for anything else. Absent means "2c". */
    private static String versionOf(Object v) {
        if (v == null) {
            return "2c";
        }
        String s = v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue())
                : String.valueOf(v).toLowerCase(Locale.ROOT);
        return VERSIONS.contains(s) ? s : null;
    }

    private static String str(Object v) {
        return v instanceof String s ? s : null;
    }

    private static String upper(Object v) {
        return v instanceof String s ? s.toUpperCase(Locale.ROOT) : null;
    }

    @Override
    public String toString() {
        return "SnmpSettings[version=" + version + (v3() ? ", user=" + user + ", auth=" + authProtocol + ", priv=" + privProtocol : "")
                + ", timeout_ms=" + timeoutMs + ", retries=" + retries + ", oids=" + oids.size() + "]";
    }
}
