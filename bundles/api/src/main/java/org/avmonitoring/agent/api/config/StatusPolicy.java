package org.avmonitoring.agent.api.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.ValidationProblem;

/**
 * The site keys that turn observed statuses into a confirmed state (since 1.2): {@code confirm_ko_after},
 * {@code confirm_ok_after}, {@code timezone} and {@code maintenance_windows}. They live in
 * {@link SiteConfig#extras()} as written; the config bundle validates them with {@link #parse} and the collector
 * reads them with {@link #of}, so both read them the same way.
 */
public record StatusPolicy(int confirmKoAfter, int confirmOkAfter, ZoneId zone, List<MaintenanceWindow> windows) {
    public static final List<String> SITE_KEYS =
            List.of("confirm_ko_after", "confirm_ok_after", "timezone", "maintenance_windows");
    public static final List<String> DEVICE_KEYS =
            List.of("confirm_ko_after", "confirm_ok_after", "schedule", "off_means_unreachable");
    public static final int DEFAULT_CONFIRM_KO_AFTER = 2;
    public static final int DEFAULT_CONFIRM_OK_AFTER = 1;
    /** Confirmation counts above this would hide a dead device for hours. */
    public static final int MAX_CONFIRM = 100;

    public StatusPolicy {
        windows = List.copyOf(windows);
    }

    /** The policy of a valid configuration (problems were refused when it was accepted). */
    public static StatusPolicy of(SiteConfig config) {
        return parse(config.extras(), new ArrayList<>());
    }

    /** Reads the site keys from the top-level object; every fault goes to {@code problems}, defaults stand in. */
    public static StatusPolicy parse(Map<String, Object> site, List<ValidationProblem> problems) {
        int ko = count(site.get("confirm_ko_after"), DEFAULT_CONFIRM_KO_AFTER, "confirm_ko_after", problems);
        int ok = count(site.get("confirm_ok_after"), DEFAULT_CONFIRM_OK_AFTER, "confirm_ok_after", problems);
        ZoneId zone = ZoneId.systemDefault();
        Object tz = site.get("timezone");
        if (tz != null) {
            try {
                zone = ZoneId.of(String.valueOf(tz));
            } catch (DateTimeException e) {
                problems.add(new ValidationProblem("timezone", WeeklySpan.describe(tz)
                        + " is not a known time zone (an IANA name such as \"Europe/Paris\")"));
            }
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        Object list = site.get("maintenance_windows");
        if (list instanceof List<?> entries) {
            for (int i = 0; i < entries.size(); i++) {
                List<ValidationProblem> own = new ArrayList<>();
                MaintenanceWindow w = MaintenanceWindow.parse(entries.get(i), own);
                String at = "maintenance_windows[" + i + "]";
                own.forEach(p -> problems.add(p.prefixed(at)));
                if (w != null) {
                    windows.add(w);
                }
            }
        } else if (list != null) {
            problems.add(new ValidationProblem("maintenance_windows", "must be a list of windows"));
        }
        return new StatusPolicy(ko, ok, zone, windows);
    }

    /** What applies to one device: its own confirmation counts over the site's, and its schedule. */
    public DevicePolicy forDevice(Device d) {
        return DevicePolicy.parse(d.settings(), this, new ArrayList<>());
    }

    static int count(Object value, int dflt, String key, List<ValidationProblem> problems) {
        if (value == null) {
            return dflt;
        }
        if (value instanceof Integer n && n >= 1 && n <= MAX_CONFIRM) {
            return n;
        }
        problems.add(new ValidationProblem(key, "must be a whole number from 1 to " + MAX_CONFIRM + ", not "
                + WeeklySpan.describe(value)));
        return dflt;
    }
}
