package org.avmonitoring.agent.api.config;

import java.util.Objects;

import org.avmonitoring.agent.api.Secret;

/**
 * The site-wide keys of {@code config.json}.
 *
 * @param backendUrl empty when the agent runs standalone (local UI only)
 */
public record SiteSettings(String siteName, Secret siteToken, String backendUrl, int collectIntervalS,
                           int reportIntervalOkS, int reportIntervalKoS, int configSyncIntervalS) {

    public static final int DEFAULT_COLLECT_INTERVAL_S = 60;
    public static final int DEFAULT_REPORT_INTERVAL_OK_S = 300;
    public static final int DEFAULT_REPORT_INTERVAL_KO_S = 60;
    public static final int DEFAULT_CONFIG_SYNC_INTERVAL_S = 300;

    public SiteSettings {
        siteName = siteName == null ? "" : siteName;
        siteToken = siteToken == null ? Secret.empty() : siteToken;
        backendUrl = backendUrl == null ? "" : backendUrl;
    }

    public boolean standalone() {
        return backendUrl.isBlank();
    }

    public SiteSettings withSiteToken(Secret token) {
        return new SiteSettings(siteName, Objects.requireNonNull(token), backendUrl, collectIntervalS,
                reportIntervalOkS, reportIntervalKoS, configSyncIntervalS);
    }
}
