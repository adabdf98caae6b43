package org.avmonitoring.agent.configsync;

import java.time.Duration;

import org.avmonitoring.agent.api.backend.ConfigSync;
import org.avmonitoring.agent.api.backend.ConfigSyncStatus;
import org.avmonitoring.agent.api.config.ConfigListener;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.reporter.shared.AgentDataDir;
import org.avmonitoring.agent.reporter.shared.HttpSettings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Config sync in the container. Its knobs are in the reporter's configuration ({@code org.avmonitoring.agent.reporter},
 * "AV Monitoring backend link" in the Web Console, designated there): how the agent reaches the backend (extra CA
 * file, proxy, timeouts) is set in one place for both.
 */
@Component(immediate = true, service = {ConfigSync.class, ConfigListener.class},
        configurationPid = ConfigSyncComponent.REPORTER_PID)
public class ConfigSyncComponent implements ConfigSync, ConfigListener {
    /** The reporter's PID (its metatype describes every key read here). */
    static final String REPORTER_PID = "org.avmonitoring.agent.reporter";

    /** The subset of the reporter's configuration read here; defaults equal the reporter's. */
    @interface Config {
        String extra_ca_file() default "";

        String proxy() default "";

        int connect_timeout_s() default 10;

        int request_timeout_s() default 30;

        int config_sync_backoff_min_s() default 10;

        int config_sync_max_kb() default 4096;
    }

    @Reference
    private ConfigService configService;

    private ConfigSyncer syncer;

    @Activate
    void activate(BundleContext context, Config config) {
        SyncOptions options = new SyncOptions(Duration.ofSeconds(Math.max(1, config.request_timeout_s())),
                Duration.ofSeconds(Math.max(1, config.config_sync_backoff_min_s())),
                Math.max(1, config.config_sync_max_kb()) * 1024,
                new HttpSettings(config.extra_ca_file(), config.proxy(),
                        Duration.ofSeconds(Math.max(1, config.connect_timeout_s()))));
        syncer = new ConfigSyncer(configService, options, new AppliedMd5(AgentDataDir.of(context).resolve("config-sync")
                .resolve("applied.md5")));
        syncer.start();
    }

    @Deactivate
    void deactivate() {
        syncer.close();
    }

    @Override
    public ConfigSyncStatus status() {
        return syncer.status();
    }

    @Override
    public void configChanged(SiteConfig previous, SiteConfig current) {
        syncer.settingsChanged(current.settings());
    }
}
