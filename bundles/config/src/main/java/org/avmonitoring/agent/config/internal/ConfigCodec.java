package org.avmonitoring.agent.config.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.JsonNesting;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;

/**
 * Reads config.json into a {@link SiteConfig}, collecting every fault with its JSON path rather than stopping at the
 * first, and writes it back. Keys this version does not know are kept: unknown device keys live in the device's
 * settings, unknown top-level keys in {@link SiteConfig#extras()}.
 */
final class ConfigCodec {
    static final int RECOMMENDED_MIN_INTERVAL_S = 15;

    private static final Set<String> SITE_KEYS = Set.of("site_name", "site_token", "backend_url",
            "collect_interval_s", "report_interval_ok_s", "report_interval_ko_s", "config_sync_interval_s",
            "driver_defaults", "devices");
    static final Set<String> DEVICE_KEYS =
            Set.of("id", "name", "type", "host", "port", "interval_s", "enabled", "source");
    private static final int MAX_INTERVAL_S = 86_400;

    // Source text is never echoed in parse errors: it could be the token.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /**
     * Objects read as LinkedHashMap (key order kept, mutable like any parsed map), lists as ArrayList; written
     * indented, null members kept (an unknown key set to null survives a rewrite).
     */
    private static final JSON JSON_TEXT = JSON.builder(FACTORY)
            .disable(JSON.Feature.USE_DEFERRED_MAPS)
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.PRETTY_PRINT_OUTPUT)
            .build();

    /** The outcome of a parse: a config when there was no problem, the problems, and warnings that do not block. */
    record Result(SiteConfig config, List<ValidationProblem> problems, List<String> warnings) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private ConfigCodec() {
    }

    static Result parse(byte[] json) {
        List<ValidationProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Optional<ValidationProblem> tooDeep = JsonNesting.check(json);
        if (tooDeep.isPresent()) {
            return new Result(null, List.of(tooDeep.get()), warnings);
        }
        Object root;
        try (JsonParser p = FACTORY.createParser(json)) {
            root = p.nextToken() == null ? null : JSON_TEXT.anyFrom(p);
            if (p.nextToken() != null) {
                problems.add(new ValidationProblem("", "unexpected content after the JSON object at line "
                        + p.currentLocation().getLineNr()));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            problems.add(new ValidationProblem("", "invalid JSON" + where + ": " + withoutSourceText(e.getOriginalMessage())));
            return new Result(null, problems, warnings);
        } catch (IOException e) {
            problems.add(new ValidationProblem("", "unreadable: " + e.getMessage()));
            return new Result(null, problems, warnings);
        }
        if (!(root instanceof Map<?, ?> object)) {
            problems.add(new ValidationProblem("", "must be a JSON object"));
            return new Result(null, problems, warnings);
        }
        Fields site = new Fields(object, "", problems);
        SiteSettings settings = new SiteSettings(
                site.string("site_name"),
                Secret.of(site.string("site_token")),
                backendUrl(site),
                interval(site, "collect_interval_s", SiteSettings.DEFAULT_COLLECT_INTERVAL_S, warnings),
                interval(site, "report_interval_ok_s", SiteSettings.DEFAULT_REPORT_INTERVAL_OK_S, null),
                interval(site, "report_interval_ko_s", SiteSettings.DEFAULT_REPORT_INTERVAL_KO_S, null),
                interval(site, "config_sync_interval_s", SiteSettings.DEFAULT_CONFIG_SYNC_INTERVAL_S, null));
        Map<String, Map<String, Object>> driverDefaults = driverDefaults(object.get("driver_defaults"), problems);
        List<Device> devices = devices(object.get("devices"), problems, warnings);
        Map<String, Object> extras = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (!SITE_KEYS.contains(key)) {
                extras.put(String.valueOf(key), value);
            }
        });
        SiteConfig config = problems.isEmpty() ? new SiteConfig(settings, devices, driverDefaults, extras) : null;
        return new Result(config, problems, warnings);
    }

    /**
     * jackson-core quotes the source text it stumbled on ({@code Unrecognized token 'abc'}, {@code Unexpected character
     * ('a' (code 97))}): an unquoted token value would be echoed, so that part is cut. Key names of a duplicate stay.
     */
    static String withoutSourceText(String message) {
        if (message == null || message.startsWith("Duplicate field")) {
            return message;
        }
        int tail = message.indexOf(": was expecting");
        String head = tail < 0 ? message : message.substring(0, tail);
        head = head.replaceAll("(?s)'.*'", "'…'").replaceAll(" \\(code -?\\d+\\)", "");
        return tail < 0 ? head : head + message.substring(tail);
    }

    /**
     * Reads one device object (a map as parsed from JSON); {@code path} prefixes the problems ("devices[3]" or "" for
     * a lone device).
     */
    static Device device(Object node, String path, DeviceSource defaultSource, List<ValidationProblem> problems,
                         List<String> warnings) {
        if (!(node instanceof Map<?, ?> object)) {
            problems.add(new ValidationProblem(path, "must be a JSON object"));
            return null;
        }
        int before = problems.size();
        Fields f = new Fields(object, path, problems);
        String id = f.required("id");
        String type = f.required("type");
        String host = f.required("host");
        String name = f.string("name");
        Integer port = f.integer("port", 1, 65_535);
        Integer interval = f.integer("interval_s", 1, MAX_INTERVAL_S);
        Boolean enabled = f.bool("enabled");
        String sourceName = f.string("source");
        DeviceSource source = defaultSource;
        if (sourceName != null) {
            if (sourceName.equals("local") || sourceName.equals("backend")) {
                source = DeviceSource.fromWire(sourceName);
            } else {
                problems.add(new ValidationProblem(f.path("source"), "\"" + sourceName + "\" is not local or backend"));
            }
        }
        if (interval != null && interval < RECOMMENDED_MIN_INTERVAL_S && warnings != null) {
            warnings.add(f.path("interval_s") + ": " + interval + " s is under the recommended minimum of "
                    + RECOMMENDED_MIN_INTERVAL_S + " s");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (!DEVICE_KEYS.contains(key)) {
                settings.put(String.valueOf(key), value);
            }
        });
        if (problems.size() > before) {
            return null;
        }
        return new Device(id, name, type, host, port, interval, enabled == null || enabled, source, settings);
    }

    static byte[] write(SiteConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        SiteSettings s = config.settings();
        root.put("site_name", s.siteName());
        root.put("site_token", s.siteToken().reveal());
        root.put("backend_url", s.backendUrl());
        root.put("collect_interval_s", s.collectIntervalS());
        root.put("report_interval_ok_s", s.reportIntervalOkS());
        root.put("report_interval_ko_s", s.reportIntervalKoS());
        root.put("config_sync_interval_s", s.configSyncIntervalS());
        if (!config.driverDefaults().isEmpty()) {
            root.put("driver_defaults", config.driverDefaults());
        }
        config.extras().forEach(root::put);
        List<Object> devices = new ArrayList<>(config.devices().size());
        for (Device d : config.devices()) {
            devices.add(toJson(d));
        }
        root.put("devices", devices);
        try {
            byte[] body = JSON_TEXT.asBytes(root);
            byte[] out = new byte[body.length + 1];
            System.arraycopy(body, 0, out, 0, body.length);
            out[body.length] = '\n';
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the configuration: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> toJson(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        if (d.name() != null) {
            m.put("name", d.name());
        }
        m.put("type", d.type());
        m.put("host", d.host());
        if (d.port() != null) {
            m.put("port", d.port());
        }
        if (d.intervalS() != null) {
            m.put("interval_s", d.intervalS());
        }
        m.put("enabled", d.enabled());
        if (d.source() == DeviceSource.BACKEND) {
            m.put("source", d.source().wireName());
        }
        m.putAll(d.settings());
        return m;
    }

    private static String backendUrl(Fields site) {
        String url = site.string("backend_url");
        if (url == null || url.isBlank()) {
            return "";
        }
        if (!(url.startsWith("https://") || url.startsWith("http://")) || url.contains(" ")) {
            site.problem("backend_url", "must be an http(s) URL or empty");
            return "";
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            if (uri.getHost() == null) {
                site.problem("backend_url", "has no host");
            }
        } catch (java.net.URISyntaxException e) {
            site.problem("backend_url", "is not a valid URL: " + e.getReason());
        }
        return url;
    }

    private static int interval(Fields site, String key, int dflt, List<String> warnings) {
        Integer v = site.integer(key, 1, MAX_INTERVAL_S);
        if (v == null) {
            return dflt;
        }
        if (warnings != null && v < RECOMMENDED_MIN_INTERVAL_S) {
            warnings.add(key + ": " + v + " s is under the recommended minimum of " + RECOMMENDED_MIN_INTERVAL_S + " s");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> driverDefaults(Object node, List<ValidationProblem> problems) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Map<?, ?> object)) {
            problems.add(new ValidationProblem("driver_defaults", "must be an object of device type → settings"));
            return out;
        }
        object.forEach((type, settings) -> {
            if (settings instanceof Map) {
                out.put(String.valueOf(type), (Map<String, Object>) settings);
            } else {
                problems.add(new ValidationProblem("driver_defaults." + type, "must be an object"));
            }
        });
        return out;
    }

    private static List<Device> devices(Object node, List<ValidationProblem> problems, List<String> warnings) {
        List<Device> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof List<?> items)) {
            problems.add(new ValidationProblem("devices", "must be an array"));
            return out;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            // Duplicates are found on the raw id, so that a device with another fault still counts.
            String id = item instanceof Map<?, ?> m && m.get("id") instanceof String s ? s : null;
            if (id != null && seen.putIfAbsent(id, i) != null) {
                problems.add(new ValidationProblem("devices", "duplicate id \"" + id + "\" (devices["
                        + seen.get(id) + "] and devices[" + i + "])"));
            }
            Device d = device(item, "devices[" + i + "]", DeviceSource.LOCAL, problems, warnings);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** Typed access to the members of one JSON object, recording a problem for each missing or mistyped field. */
    private static final class Fields {
        private final Map<?, ?> object;
        private final String prefix;
        private final List<ValidationProblem> problems;

        Fields(Map<?, ?> object, String prefix, List<ValidationProblem> problems) {
            this.object = object;
            this.prefix = prefix;
            this.problems = problems;
        }

        String path(String key) {
            return prefix.isEmpty() ? key : prefix + "." + key;
        }

        void problem(String key, String message) {
            problems.add(new ValidationProblem(path(key), message));
        }

        String required(String key) {
            if (object.get(key) == null) {
                problem(key, "missing");
                return null;
            }
            String s = string(key);
            if (s != null && s.isBlank()) {
                problem(key, "must not be empty");
                return null;
            }
            return s;
        }

        String string(String key) {
            Object v = object.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                problem(key, "must be a string, not " + kind(v));
                return null;
            }
            return s;
        }

        Integer integer(String key, int min, int max) {
            Object v = object.get(key);
            if (v == null) {
                return null;
            }
            if (!fitsInt(v)) {
                problem(key, "must be an integer, not " + (v instanceof Number ? v : kind(v)));
                return null;
            }
            int i = ((Number) v).intValue();
            if (i < min || i > max) {
                problem(key, i + " is not in " + min + ".." + max);
                return null;
            }
            return i;
        }

        Boolean bool(String key) {
            Object v = object.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Boolean b)) {
                problem(key, "must be true or false, not " + kind(v));
                return null;
            }
            return b;
        }

        /**
         * An integral number within int range: 15 is (an Integer from the parser, maybe a Long from a Java caller's
         * map), 15.0 and 2147483648 are not.
         */
        private static boolean fitsInt(Object v) {
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return true;
            }
            if (v instanceof Long l) {
                return l == l.intValue();
            }
            return v instanceof BigInteger b && b.bitLength() < Integer.SIZE;
        }

        private static String kind(Object v) {
            if (v instanceof String) {
                return "a string";
            }
            if (v instanceof Number) {
                return "a number";
            }
            if (v instanceof Boolean) {
                return "a boolean";
            }
            if (v instanceof List) {
                return "an array";
            }
            return v instanceof Map ? "an object" : v.getClass().getSimpleName();
        }
    }
}
