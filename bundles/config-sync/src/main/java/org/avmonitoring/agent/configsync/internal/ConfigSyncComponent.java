package org.avmonitoring.agent.configsync.internal;

import org.avmonitoring.agent.api.AgentDataDir;
import org.avmonitoring.agent.api.backend.ConfigSync;
import org.avmonitoring.agent.api.backend.ConfigSyncStatus;
import org.avmonitoring.agent.api.config.ConfigListener;
import org.avmonitoring.agent.api.config.ConfigService;
import org.avmonitoring.agent.api.config.SiteConfig;
import org.avmonitoring.agent.api.http.BackendHttp;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Config sync in the container. How the agent reaches the backend (extra CA file, proxy, timeouts) is the backend
 * HTTP service's, set in one place for the reporter and config sync; a change of it restarts this component.
 */
@Component(immediate = true, service = {ConfigSync.class, ConfigListener.class},
        configurationPid = ConfigSyncComponent.PID)
@Designate(ocd = ConfigSyncComponent.Config.class)
public class ConfigSyncComponent implements ConfigSync, ConfigListener {
    static final String PID = "org.avmonitoring.agent.configsync";

    @ObjectClassDefinition(name = "AV Monitoring config sync",
            description = "Devices pulled from the backend (GET /config/{token}) and merged into config.json. The"
                    + " interval is config_sync_interval_s in config.json; TLS, proxy and timeouts are in AV Monitoring"
                    + " backend HTTP.")
    public @interface Config {
        @AttributeDefinition(name = "Backoff minimum (s)",
                description = "First retry after a failed sync; doubles with jitter, up to config_sync_interval_s.")
        int backoff_min_s() default 10;

        @AttributeDefinition(name = "Largest configuration (KB)", description = "A larger answer is refused.")
        int max_config_kb() default 4096;
    }

    @Reference
    private ConfigService configService;

    @Reference
    private BackendHttp http;

    private ConfigSyncer syncer;

    @Activate
    void activate(BundleContext context, Config config) {
        syncer = new ConfigSyncer(configService, SyncOptions.from(config), http,
                new AppliedMd5(AgentDataDir.of(context).resolve("config-sync").resolve("applied.md5")),
                SyncTimer.thread());
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
