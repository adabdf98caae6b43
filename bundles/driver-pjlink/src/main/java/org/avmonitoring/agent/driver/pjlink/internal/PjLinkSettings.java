package org.avmonitoring.agent.driver.pjlink.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;

/**
 * A PJLink device's settings, read once per device definition ({@link SettingsCache}) from its JSON object after
 * {@code driver_defaults.pjlink} has been merged in by {@code SiteConfig.effective}: {@code password} (top-level, optional), {@code lamp_hours_warning},
 * {@code filter_hours_warning}, {@code timeout_ms} (all optional), and the device's {@code port} (default 4352).
 *
 * @param endpoint       identifies what cached per-device knowledge (class, identity) belongs to: a new address starts afresh
 * @param literalAddress the address when the host is an IP literal (no name service involved), else null
 */
record PjLinkSettings(String host, int port, String password, Integer lampHoursWarning, Integer filterHoursWarning,
                      int timeoutMs, String endpoint, InetSocketAddress literalAddress) {

    static final int DEFAULT_PORT = 4352;
    /** The spec has the projector answer within about 2 s; 5 s leaves room for a busy one. */
    static final int DEFAULT_TIMEOUT_MS = 5000;
    static final int MAX_PASSWORD = 32;
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Settings of a device that {@link #validate} accepted; an invalid value falls back to its default. */
    static PjLinkSettings of(Device device) {
        Object pw = device.settings().get("password");
        String password = pw instanceof String && !((String) pw).isEmpty() ? (String) pw : null;
        Integer timeout = positiveInt(device.settings().get("timeout_ms"));
        String host = device.host();
        int port = device.portOr(DEFAULT_PORT);
        return new PjLinkSettings(host, port, password,
                positiveInt(device.settings().get("lamp_hours_warning")),
                positiveInt(device.settings().get("filter_hours_warning")),
                timeout == null ? DEFAULT_TIMEOUT_MS : timeout, host + ":" + port,
                isIpLiteral(host) ? new InetSocketAddress(host, port) : null);
    }

    /** IPv4 dotted quad or IPv6: no name service involved. */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
    }

    /**
     * What {@link PjLinkDescription} cannot say: the password's alphabet (PJLink §5.1). Types and ranges are checked
     * by the agent against the description before. The value itself is never echoed: it is a credential.
     */
    static List<ValidationProblem> validate(Device device) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (device.settings().get("password") instanceof String pw
                && (pw.length() > MAX_PASSWORD || !pw.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            problems.add(new ValidationProblem("password", "must be at most 32 printable ASCII characters (PJLink §5.1)"));
        }
        return problems;
    }

    /** An integral JSON number above 0 (Jackson gives Integer, Long or Double), else null. */
    private static Integer positiveInt(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long l = ((Number) v).longValue();
            return l > 0 && l <= Integer.MAX_VALUE ? (int) l : null;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d > 0 && d <= Integer.MAX_VALUE && d == Math.rint(d) ? (int) d : null;
        }
        return null;
    }

    /** A fingerprint of the password, so that a changed password lifts an authentication back-off. */
    int passwordFingerprint() {
        return Objects.hashCode(password);
    }

    @Override
    public String toString() {
        return "PjLinkSettings[" + endpoint() + ", password=" + (password == null ? "none" : "********") + "]";
    }
}
