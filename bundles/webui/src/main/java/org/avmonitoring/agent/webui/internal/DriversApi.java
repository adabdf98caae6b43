package org.avmonitoring.agent.webui.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.avmonitoring.agent.api.driver.DeviceDiscovery;
import org.avmonitoring.agent.api.driver.DriverCatalog;
import org.avmonitoring.agent.api.driver.DriverInfo;

/**
 * {@code GET /api/drivers}: every installed driver with what it says of itself, the one source the UI builds its
 * forms, labels and discovery page from (so the UI names no driver). Documented in {@code docs/api.md}.
 */
final class DriversApi {
    static final String PATH = "/api/drivers";

    private final Supplier<DriverCatalog> catalog;
    private final Supplier<Map<String, DeviceDiscovery>> discoveries;

    /** Both may answer null or empty at any time: drivers and the catalog come and go at run time. */
    DriversApi(Supplier<DriverCatalog> catalog, Supplier<Map<String, DeviceDiscovery>> discoveries) {
        this.catalog = catalog;
        this.discoveries = discoveries;
    }

    ApiResponse handle(ApiRequest req) {
        if (!req.method().equals("GET")) {
            return ApiResponse.error(405, "", "method " + req.method() + " not allowed here").withHeader("Allow", "GET");
        }
        DriverCatalog c = catalog.get();
        if (c == null) {
            return ApiResponse.error(503, "", "the driver catalog is not running").withHeader("Retry-After", "5");
        }
        return ApiResponse.ok(Map.of("drivers", drivers(c.drivers(), discoveries.get())));
    }

    static List<Map<String, Object>> drivers(List<DriverInfo> drivers, Map<String, DeviceDiscovery> discoveries) {
        return drivers.stream().<Map<String, Object>>map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", d.type());
            m.put("name", d.name());
            m.put("bundle", d.bundleSymbolicName());
            m.put("version", d.version());
            // what is registered now, not what the description promises: the UI offers only a search that answers
            m.put("discovery", discoveries != null && discoveries.containsKey(d.type()));
            m.put("description", DriverJson.description(d.description()));
            return m;
        }).toList();
    }
}
