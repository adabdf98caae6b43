package org.avmonitoring.agent.driver.cisco.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.SettingValues;

/**
 * A codec's settings: {@code username}, {@code password}, {@code scheme} (https or http), {@code port},
 * {@code tls_fingerprint_sha256} (a pinned certificate), {@code ca_file} (a PEM file of trusted CAs) and
 * {@code timeout_ms}. Without a pin or a CA file, an https codec must present a certificate the JVM's own trust
 * store accepts, for its host name: verification is never turned off.
 */
record CodecSettings(String host, int port, String scheme, String username, String password, byte[] pinnedSha256,
                     String caFile, int timeoutMs) {

    static final int DEFAULT_TIMEOUT_MS = 5000;
    static final String DEFAULT_USERNAME = "admin";
    private static final Pattern FINGERPRINT = Pattern.compile("(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}");

    static CodecSettings of(Device device) {
        String scheme = text(device, "scheme", "https").toLowerCase(Locale.ROOT);
        String pin = text(device, "tls_fingerprint_sha256", null);
        String ca = text(device, "ca_file", null);
        return new CodecSettings(device.host(), device.portOr("http".equals(scheme) ? 80 : 443), scheme,
                text(device, "username", DEFAULT_USERNAME), text(device, "password", ""),
                pin == null ? null : fingerprintBytes(pin), ca,
                SettingValues.integerOr(device.settings().get("timeout_ms"), DEFAULT_TIMEOUT_MS));
    }

    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (device.host().isBlank()) {
            problems.add(new ValidationProblem("host", "must not be empty"));
        }
        if (device.port() != null && (device.port() < 1 || device.port() > 65535)) {
            problems.add(new ValidationProblem("port", "must be between 1 and 65535, not " + device.port()));
        }
        Object scheme = device.settings().get("scheme");
        if (scheme != null && !"https".equals(scheme) && !"http".equals(scheme)) {
            problems.add(new ValidationProblem("scheme", "must be \"https\" or \"http\", not "
                    + SettingValues.describe(scheme)));
        }
        for (String key : List.of("username", "password", "ca_file")) {
            Object v = device.settings().get(key);
            if (v != null && !(v instanceof String)) {
                problems.add(new ValidationProblem(key, "must be a string"));
            }
        }
        Object user = device.settings().get("username");
        if (user instanceof String && ((String) user).contains(":")) {
            problems.add(new ValidationProblem("username", "must not contain ':' (HTTP Basic authentication)"));
        }
        Object pin = device.settings().get("tls_fingerprint_sha256");
        if (pin != null && (!(pin instanceof String) || !FINGERPRINT.matcher((String) pin).matches())) {
            problems.add(new ValidationProblem("tls_fingerprint_sha256",
                    "must be a SHA-256 fingerprint: 64 hexadecimal digits, colons allowed (AB:CD:...)"));
        }
        if ("http".equals(scheme) && (pin != null || device.settings().get("ca_file") != null)) {
            problems.add(new ValidationProblem("scheme", "is http: tls_fingerprint_sha256 and ca_file apply to https only"));
        }
        SettingValues.checkInteger(device.settings(), "", "timeout_ms", 100, 60000, problems);
        return problems.stream().map(p -> p.path().startsWith(".") ? new ValidationProblem(p.path().substring(1),
                p.message()) : p).toList();
    }

    static byte[] fingerprintBytes(String hex) {
        String digits = hex.replace(":", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static String text(Device device, String key, String dflt) {
        Object v = device.settings().get(key);
        return v instanceof String && !((String) v).isEmpty() ? (String) v : dflt;
    }

    boolean tls() {
        return "https".equals(scheme);
    }

    /** The peer as the TLS engine names it: the trust for an endpoint is looked up with it. */
    String endpoint() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "CodecSettings[" + scheme + "://" + endpoint() + ", user=" + username + ", password=********]";
    }
}
