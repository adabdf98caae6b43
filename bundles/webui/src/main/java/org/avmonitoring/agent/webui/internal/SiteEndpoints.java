package org.avmonitoring.agent.webui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.Secrets;
import org.avmonitoring.agent.api.UnknownKeys;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.ConfigValidationException;
import org.avmonitoring.agent.api.config.SiteSettings;

/** {@code GET /api/site} and {@code PUT /api/site}: the site settings, the token write-only. */
final class SiteEndpoints {
    private static final Set<String> KEYS = Set.of("site_name", "site_token", "backend_url", "collect_interval_s",
            "report_interval_ok_s", "report_interval_ko_s", "config_sync_interval_s");
    /** Sent back from what {@link #view} gave; ignored. */
    private static final Set<String> READ_ONLY_KEYS = Set.of("site_token_set", "standalone");

    private final ConfigService config;

    SiteEndpoints(ConfigService config) {
        this.config = config;
    }

    ApiResponse get() {
        return ApiResponse.ok(view(config.current().settings()));
    }

    static Map<String, Object> view(SiteSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site_name", s.siteName());
        out.put("backend_url", s.backendUrl());
        out.put("site_token_set", !s.siteToken().isEmpty());
        out.put("standalone", s.standalone());
        out.put("collect_interval_s", s.collectIntervalS());
        out.put("report_interval_ok_s", s.reportIntervalOkS());
        out.put("report_interval_ko_s", s.reportIntervalKoS());
        out.put("config_sync_interval_s", s.configSyncIntervalS());
        return out;
    }

    /** Absent keys keep their value; the token is write-only: empty or the mask keeps the stored one. */
    ApiResponse put(ApiRequest req) throws ConfigValidationException {
        Map<String, Object> b = JsonBody.object(req.body());
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String key : b.keySet()) {
            if (!KEYS.contains(key) && !READ_ONLY_KEYS.contains(key)) {
                errors.add(ApiResponse.fieldError(key, UnknownKeys.describe(key, KEYS)));
            }
        }
        SiteSettings s = config.current().settings();
        String token = text(b, "site_token", "", errors);
        Secret newToken = token.isEmpty() || token.equals(Secrets.MASK) ? s.siteToken() : Secret.of(token);
        SiteSettings updated = new SiteSettings(
                text(b, "site_name", s.siteName(), errors), newToken, text(b, "backend_url", s.backendUrl(), errors),
                integer(b, "collect_interval_s", s.collectIntervalS(), errors),
                integer(b, "report_interval_ok_s", s.reportIntervalOkS(), errors),
                integer(b, "report_interval_ko_s", s.reportIntervalKoS(), errors),
                integer(b, "config_sync_interval_s", s.configSyncIntervalS(), errors));
        if (!errors.isEmpty()) {
            throw new BadRequest(errors);
        }
        return ApiResponse.ok(view(config.updateSettings(updated).settings()));
    }

    private static String text(Map<String, Object> b, String key, String fallback, List<Map<String, Object>> errors) {
        Object v = b.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String)) {
            errors.add(ApiResponse.fieldError(key, "must be a string"));
            return fallback;
        }
        return ((String) v).trim();
    }

    /** A whole number of seconds ({@code 30} or {@code "30"}); a wrong one is added to {@code errors}. */
    static int integer(Map<String, Object> b, String key, int fallback, List<Map<String, Object>> errors) {
        Object v = b.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer) {
            return (Integer) v;
        }
        if (v instanceof String && ((String) v).trim().matches("\\d{1,9}")) {
            return Integer.parseInt(((String) v).trim());
        }
        errors.add(ApiResponse.fieldError(key, "must be a whole number of seconds"));
        return fallback;
    }
}
