package org.avmonitoring.agent.reporter.internal;

import java.util.concurrent.TimeUnit;

import org.avmonitoring.agent.api.Secret;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.config.SiteSettings;

/** Where and how often to report, from config.json. */
record Target(String backendUrl, Secret token, String siteName, long okIntervalNanos, long koIntervalNanos,
              int devicesTotal) {

    static final Target NONE = new Target("", Secret.empty(), "", 0, 0, 0);

    static Target of(SiteConfig config) {
        SiteSettings s = config.settings();
        return new Target(s.backendUrl().trim(), s.siteToken(), s.siteName(),
                TimeUnit.SECONDS.toNanos(Math.max(1, s.reportIntervalOkS())),
                TimeUnit.SECONDS.toNanos(Math.max(1, s.reportIntervalKoS())), config.devices().size());
    }

    boolean disabled() {
        return backendUrl.isBlank();
    }

    boolean sameEndpoint(Target o) {
        return o != null && backendUrl.equals(o.backendUrl) && token.equals(o.token);
    }
}
