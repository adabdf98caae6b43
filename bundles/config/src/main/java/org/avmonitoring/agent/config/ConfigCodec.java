package org.avmonitoring.agent.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    private static final Set<String> DEVICE_KEYS =
            Set.of("id", "name", "type", "host", "port", "interval_s", "enabled", "source");
    private static final int MAX_INTERVAL_S = 86_400;

    // Source text is never echoed in parse errors: it could be the token.
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(SerializationFeature.INDENT_OUTPUT);

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
        JsonNode root;
        try (JsonParser p = MAPPER.createParser(json)) {
            root = MAPPER.readTree(p);
            if (p.nextToken() != null) {
                problems.add(new ValidationProblem("", "unexpected content after the JSON object at line "
                        + p.currentLocation().getLineNr()));
            }
        } catch (JsonProcessingException e) {
            problems.add(new ValidationProblem("", "invalid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
            return new Result(null, problems, warnings);
        } catch (IOException e) {
            problems.add(new ValidationProblem("", "unreadable: " + e.getMessage()));
            return new Result(null, problems, warnings);
        }
        if (root == null || !root.isObject()) {
            problems.add(new ValidationProblem("", "must be a JSON object"));
            return new Result(null, problems, warnings);
        }
        Fields site = new Fields((ObjectNode) root, "", problems);
        SiteSettings settings = new SiteSettings(
                site.string("site_name"),
                Secret.of(site.string("site_token")),
                backendUrl(site),
                interval(site, "collect_interval_s", SiteSettings.DEFAULT_COLLECT_INTERVAL_S, warnings),
                interval(site, "report_interval_ok_s", SiteSettings.DEFAULT_REPORT_INTERVAL_OK_S, null),
                interval(site, "report_interval_ko_s", SiteSettings.DEFAULT_REPORT_INTERVAL_KO_S, null),
                interval(site, "config_sync_interval_s", SiteSettings.DEFAULT_CONFIG_SYNC_INTERVAL_S, null));
        Map<String, Map<String, Object>> driverDefaults = driverDefaults(root.get("driver_defaults"), problems);
        List<Device> devices = devices(root.get("devices"), problems, warnings);
        Map<String, Object> extras = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!SITE_KEYS.contains(e.getKey())) {
                extras.put(e.getKey(), toJava(e.getValue()));
            }
        });
        SiteConfig config = problems.isEmpty() ? new SiteConfig(settings, devices, driverDefaults, extras) : null;
        return new Result(config, problems, warnings);
    }

    /** Reads one device object; {@code path} prefixes the problems ("devices[3]" or "" for a lone device). */
    static Device device(JsonNode node, String path, DeviceSource defaultSource, List<ValidationProblem> problems,
                         List<String> warnings) {
        if (node == null || !node.isObject()) {
            problems.add(new ValidationProblem(path, "must be a JSON object"));
            return null;
        }
        int before = problems.size();
        Fields f = new Fields((ObjectNode) node, path, problems);
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
        node.fields().forEachRemaining(e -> {
            if (!DEVICE_KEYS.contains(e.getKey())) {
                settings.put(e.getKey(), toJava(e.getValue()));
            }
        });
        if (problems.size() > before) {
            return null;
        }
        return new Device(id, name, type, host, port, interval, enabled == null || enabled, source, settings);
    }

    static byte[] write(SiteConfig config) {
        ObjectNode root = MAPPER.createObjectNode();
        SiteSettings s = config.settings();
        root.put("site_name", s.siteName());
        root.put("site_token", s.siteToken().reveal());
        root.put("backend_url", s.backendUrl());
        root.put("collect_interval_s", s.collectIntervalS());
        root.put("report_interval_ok_s", s.reportIntervalOkS());
        root.put("report_interval_ko_s", s.reportIntervalKoS());
        root.put("config_sync_interval_s", s.configSyncIntervalS());
        if (!config.driverDefaults().isEmpty()) {
            root.set("driver_defaults", MAPPER.valueToTree(config.driverDefaults()));
        }
        config.extras().forEach((k, v) -> root.set(k, MAPPER.valueToTree(v)));
        ArrayNode devices = root.putArray("devices");
        for (Device d : config.devices()) {
            devices.add(MAPPER.valueToTree(toJson(d)));
        }
        try {
            byte[] body = MAPPER.writeValueAsBytes(root);
            byte[] out = new byte[body.length + 1];
            System.arraycopy(body, 0, out, 0, body.length);
            out[body.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the configuration: " + e.getOriginalMessage(), e);
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

    static Object toJava(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
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
    private static Map<String, Map<String, Object>> driverDefaults(JsonNode node, List<ValidationProblem> problems) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            problems.add(new ValidationProblem("driver_defaults", "must be an object of device type → settings"));
            return out;
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                out.put(e.getKey(), (Map<String, Object>) toJava(e.getValue()));
            } else {
                problems.add(new ValidationProblem("driver_defaults." + e.getKey(), "must be an object"));
            }
        });
        return out;
    }

    private static List<Device> devices(JsonNode node, List<ValidationProblem> problems, List<String> warnings) {
        List<Device> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(new ValidationProblem("devices", "must be an array"));
            return out;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        Iterator<JsonNode> it = node.elements();
        for (int i = 0; it.hasNext(); i++) {
            JsonNode item = it.next();
            // Duplicates are found on the raw id, so that a device with another fault still counts.
            String id = item.path("id").isTextual() ? item.path("id").textValue() : null;
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
        private final ObjectNode node;
        private final String prefix;
        private final List<ValidationProblem> problems;

        Fields(ObjectNode node, String prefix, List<ValidationProblem> problems) {
            this.node = node;
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
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
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
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                problem(key, "must be a string, not " + kind(v));
                return null;
            }
            return v.textValue();
        }

        Integer integer(String key, int min, int max) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                problem(key, "must be an integer, not " + (v.isNumber() ? v.asText() : kind(v)));
                return null;
            }
            int i = v.intValue();
            if (i < min || i > max) {
                problem(key, i + " is not in " + min + ".." + max);
                return null;
            }
            return i;
        }

        Boolean bool(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isBoolean()) {
                problem(key, "must be true or false, not " + kind(v));
                return null;
            }
            return v.booleanValue();
        }

        private static String kind(JsonNode v) {
            if (v.isTextual()) {
                return "a string";
            }
            if (v.isNumber()) {
                return "a number";
            }
            if (v.isBoolean()) {
                return "a boolean";
            }
            if (v.isArray()) {
                return "an array";
            }
            return v.isObject() ? "an object" : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
