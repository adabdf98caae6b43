package org.avmonitoring.agent.webui.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.avmonitoring.agent.api.Status;
import org.avmonitoring.agent.api.backend.BackendLink;
import org.avmonitoring.agent.api.backend.BackendLinkStatus;
import org.avmonitoring.agent.api.backend.ConfigSync;
import org.avmonitoring.agent.api.backend.ConfigSyncStatus;
import org.avmonitoring.agent.api.monitor.CollectorStats;

/** {@code GET /api/health}: version, drivers, collector figures, backend link, config sync and bundles. */
final class HealthView {
    private HealthView() {
    }

    static Map<String, Object> of(ApiRouter.Services services) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", services.version());
        out.put("config_file", String.valueOf(services.config().file()));
        out.put("drivers", new TreeSet<>(services.monitor().driverTypes()));
        out.put("discovery", new TreeSet<>(services.discoveries().get().keySet()));
        out.put("collector", collector(services.monitor().stats()));
        BackendLink link = services.backendLink().get();
        out.put("backend_link", link == null ? null : backendLink(link.status()));
        ConfigSync sync = services.configSync().get();
        out.put("config_sync", sync == null ? null : configSync(sync.status()));
        out.put("bundles", services.bundles().get());
        return out;
    }

    private static Map<String, Object> collector(CollectorStats s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices_monitored", s.devicesMonitored());
        Map<String, Object> byStatus = new LinkedHashMap<>();
        for (Status st : Status.values()) {
            byStatus.put(st.wireName(), s.devicesByStatus().getOrDefault(st, 0));
        }
        out.put("devices_by_status", byStatus);
        out.put("checks_total", s.checksTotal());
        out.put("checks_failed", s.checksFailed());
        out.put("checks_in_flight", s.checksInFlight());
        out.put("last_collection_ms", s.lastCollectionMs());
        out.put("average_collection_ms", s.averageCollectionMs());
        return out;
    }

    private static Map<String, Object> backendLink(BackendLinkStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", s.state().name().toLowerCase(Locale.ROOT));
        out.put("last_success", str(s.lastSuccess()));
        out.put("last_attempt", str(s.lastAttempt()));
        out.put("last_error", s.lastError());
        out.put("batches_buffered", s.batchesBuffered());
        out.put("bytes_buffered", s.bytesBuffered());
        out.put("batches_dropped", s.batchesDropped());
        return out;
    }

    private static Map<String, Object> configSync(ConfigSyncStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("last_attempt", str(s.lastAttempt()));
        out.put("last_success", str(s.lastSuccess()));
        out.put("last_change", str(s.lastChange()));
        out.put("last_error", s.lastError());
        out.put("applied_md5", s.appliedMd5());
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
