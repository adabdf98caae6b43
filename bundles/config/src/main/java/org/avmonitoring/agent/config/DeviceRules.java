package org.avmonitoring.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.avmonitoring.agent.api.config.DevicePolicy;
import org.avmonitoring.agent.api.config.StatusPolicy;
import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.UnknownKeys;
import org.avmonitoring.agent.api.ValidationProblem;
import org.avmonitoring.agent.api.driver.DeviceDriver;
import org.avmonitoring.agent.api.driver.DriverDescription;

/**
 * The rules every device obeys whatever its type, then what its driver describes, then the driver's own rules, when
 * that driver is present. Keys the driver does not describe are errors when a person enters the device (the local
 * API: {@code strict}) and warnings in {@code config.json} or a backend's answer, which are not refused for them.
 */
final class DeviceRules {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");
    private static final int MAX_NAME = 128;
    /**
     * The device keys this version knows: the common ones and the settings the shipped drivers read. Another key is
     * kept (a newer backend may send it) with a warning. To be fed from the drivers' own descriptions later.
     */
    static final Set<String> KNOWN_DEVICE_KEYS = knownDeviceKeys();

    /** Device status keys are checked on their own; the site's values only fill in defaults. */
    private static final StatusPolicy SITE_DEFAULTS = StatusPolicy.parse(Map.of(), new ArrayList<>());

    private DeviceRules() {
    }

    /** Parses a whole document and checks every device: what the store, the check command and config sync all need. */
    static ConfigCodec.Result parseAndCheck(byte[] json, Function<String, Optional<DeviceDriver>> drivers) {
        ConfigCodec.Result r = ConfigCodec.parse(json);
        if (!r.ok()) {
            return r;
        }
        List<ValidationProblem> problems = new ArrayList<>();
        unsafeCharacter(r.config().settings().siteName())
                .ifPresent(why -> problems.add(new ValidationProblem("site_name", why)));
        StatusPolicy.parse(r.config().extras(), problems);
        problems.addAll(checkAll(r.config().devices(), drivers));
        List<String> warnings = new ArrayList<>(r.warnings());
        for (int i = 0; i < r.config().devices().size(); i++) {
            warnings.addAll(unknownKeys(r.config().devices().get(i), "devices[" + i + "]", KNOWN_DEVICE_KEYS));
        }
        return new ConfigCodec.Result(problems.isEmpty() ? r.config() : null, problems, warnings);
    }

    /** A warning for each key of the device outside {@code known}, naming the key and the device. */
    static List<String> unknownKeys(Device d, String path, Set<String> known) {
        List<String> out = new ArrayList<>();
        for (String key : d.settings().keySet()) {
            if (!known.contains(key)) {
                out.add(path + " (\"" + d.id() + "\"): " + UnknownKeys.describe(key, known)
                        + "; kept, but no part of this version reads it");
            }
        }
        return out;
    }

    /**
     * Text shown to people must not carry control characters (NUL...) nor bidirectional overrides, embeddings or
     * isolates, which make a name display as something else than what it is.
     */
    static Optional<String> unsafeCharacter(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            if (bidi || Character.getType(c) == Character.CONTROL) {
                return Optional.of(String.format("contains %s (U+%04X) at position %d: only plain text is allowed",
                        bidi ? "a bidirectional override" : "a control character", (int) c, i + 1));
            }
        }
        return Optional.empty();
    }

    private static Set<String> knownDeviceKeys() {
        Set<String> keys = new TreeSet<>(ConfigCodec.DEVICE_KEYS);
        keys.addAll(List.of("password", "timeout_ms", "lamp_hours_warning", "filter_hours_warning", "snmp", "ping"));
        keys.addAll(StatusPolicy.DEVICE_KEYS);
        return Collections.unmodifiableSet(keys);
    }

    /** Every device of a parsed configuration, problems prefixed with {@code devices[i]}. */
    static List<ValidationProblem> checkAll(List<Device> devices, Function<String, Optional<DeviceDriver>> drivers) {
        List<ValidationProblem> out = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            String prefix = "devices[" + i + "]";
            check(devices.get(i), drivers, false, new ArrayList<>()).forEach(p -> out.add(p.prefixed(prefix)));
        }
        return out;
    }

    /**
     * What is wrong but kept, each path naming the device by id ({@code devices[p1].pasword}): undescribed keys, a
     * type without a driver, and, with {@code withProblems}, the problems a driver installed after the device finds
     * (for a configuration in use; a file being checked reports those as errors).
     */
    static List<ValidationProblem> warnings(List<Device> devices, Function<String, Optional<DeviceDriver>> drivers,
                                            boolean withProblems) {
        List<ValidationProblem> out = new ArrayList<>();
        for (Device d : devices) {
            String prefix = "devices[" + d.id() + "]";
            List<ValidationProblem> warnings = new ArrayList<>();
            List<ValidationProblem> problems = check(d, drivers, false, warnings);
            if (withProblems) {
                warnings.addAll(problems);
            }
            warnings.forEach(p -> out.add(p.prefixed(prefix)));
        }
        return out;
    }

    /**
     * Problems with paths relative to the device; undescribed keys are among them when {@code strict}, else added to
     * {@code warnings} with the absence of a driver for the type.
     */
    static List<ValidationProblem> check(Device d, Function<String, Optional<DeviceDriver>> drivers, boolean strict,
                                         List<ValidationProblem> warnings) {
        List<ValidationProblem> out = new ArrayList<>();
        if (!ID.matcher(d.id()).matches()) {
            out.add(new ValidationProblem("id", "\"" + d.id() + "\" is not a valid id (1 to 64 letters, digits, "
                    + "'.', '_', ':' or '-', starting with a letter or digit)"));
        }
        if (!TYPE.matcher(d.type()).matches()) {
            out.add(new ValidationProblem("type", "\"" + d.type() + "\" is not a valid type (lower-case letters, "
                    + "digits, '_' or '-')"));
        }
        if (!HOST.matcher(d.host()).matches()) {
            out.add(new ValidationProblem("host", "\"" + d.host() + "\" is not a host name or IP address"));
        }
        if (d.name() != null && d.name().length() > MAX_NAME) {
            out.add(new ValidationProblem("name", "is longer than " + MAX_NAME + " characters"));
        }
        unsafeCharacter(d.name()).ifPresent(why -> out.add(new ValidationProblem("name", why)));
        if (d.port() != null && (d.port() < 1 || d.port() > 65_535)) {
            out.add(new ValidationProblem("port", d.port() + " is not in 1..65535"));
        }
        if (d.intervalS() != null && d.intervalS() < 1) {
            out.add(new ValidationProblem("interval_s", d.intervalS() + " is not a positive number of seconds"));
        }
        DevicePolicy.parse(d.settings(), SITE_DEFAULTS, out);
        Optional<DeviceDriver> driver = drivers.apply(d.type());
        if (driver.isEmpty()) {
            warnings.add(new ValidationProblem("type", "no driver installed for type \"" + d.type()
                    + "\": the device's settings are not checked and it is not polled"));
        } else {
            DriverDescription description = DriverDirectory.describe(d.type(), driver.get());
            if (description != null) {
                DescribedSettings.check(description, d.settings(), out, strict ? out : warnings);
            }
            try {
                out.addAll(driver.get().validate(d));
            } catch (RuntimeException e) {
                // A faulty driver must not make a device unsavable nor hide the other problems.
                out.add(new ValidationProblem("", "the " + d.type() + " driver failed to validate this device: "
                        + e.getClass().getSimpleName()));
            }
        }
        return out;
    }
}
