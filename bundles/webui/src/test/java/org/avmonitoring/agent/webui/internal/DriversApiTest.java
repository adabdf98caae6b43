package org.avmonitoring.agent.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.avmonitoring.agent.api.driver.DeviceDiscovery;
import org.avmonitoring.agent.api.driver.DriverCatalog;
import org.avmonitoring.agent.api.driver.DriverDescription;
import org.avmonitoring.agent.api.driver.DriverInfo;
import org.avmonitoring.agent.api.driver.MetricDescription;
import org.avmonitoring.agent.api.driver.SettingDescription;
import org.junit.jupiter.api.Test;

class DriversApiTest {
    private static final DriverDescription SNMP_LIKE = DriverDescription.builder("SNMP agent")
            .help("Any SNMP agent.").defaultPort(161)
            .setting(SettingDescription.section("snmp",
                    SettingDescription.text("version").label("Version").choices("1", "2c", "3").defaultValue("2c"),
                    SettingDescription.secret("community").label("Community").defaultValue("public"),
                    SettingDescription.integer("retries").range(0, 5).asRequired().help("Retries per request."),
                    SettingDescription.list("oids", SettingDescription.text("oid").asRequired())))
            .metric(MetricDescription.number("lamp_{n}_hours").label("Lamp {n}").unit("h").asKeyMetric().asExported()
                    .asTrend())
            .metric(MetricDescription.text("input").label("Input").valueLabels("31", "Digital 1"))
            .discovery()
            .build();

    @Test
    void describesEveryMemberOfSettingsAndMetricsInOneShape() throws Exception {
        String json = JsonBody.JSON_TEXT.asString(DriverJson.description(SNMP_LIKE));
        assertEquals("{\"name\":\"SNMP agent\",\"help\":\"Any SNMP agent.\",\"default_port\":161,\"discovery\":true,"
                + "\"settings\":[{\"key\":\"snmp\",\"type\":\"section\",\"label\":\"snmp\",\"help\":null,"
                + "\"required\":false,\"default\":null,\"min\":null,\"max\":null,\"choices\":[],\"secret\":false,"
                + "\"fields\":["
                + "{\"key\":\"version\",\"type\":\"string\",\"label\":\"Version\",\"help\":null,\"required\":false,"
                + "\"default\":\"2c\",\"min\":null,\"max\":null,\"choices\":[{\"value\":\"1\",\"label\":\"1\"},"
                + "{\"value\":\"2c\",\"label\":\"2c\"},{\"value\":\"3\",\"label\":\"3\"}],\"secret\":false,\"fields\":[]},"
                + "{\"key\":\"community\",\"type\":\"string\",\"label\":\"Community\",\"help\":null,\"required\":false,"
                + "\"default\":null,\"min\":null,\"max\":null,\"choices\":[],\"secret\":true,\"fields\":[]},"
                + "{\"key\":\"retries\",\"type\":\"integer\",\"label\":\"retries\",\"help\":\"Retries per request.\","
                + "\"required\":true,\"default\":null,\"min\":0,\"max\":5,\"choices\":[],\"secret\":false,\"fields\":[]},"
                + "{\"key\":\"oids\",\"type\":\"list\",\"label\":\"oids\",\"help\":null,\"required\":false,"
                + "\"default\":null,\"min\":null,\"max\":null,\"choices\":[],\"secret\":false,\"fields\":["
                + "{\"key\":\"oid\",\"type\":\"string\",\"label\":\"oid\",\"help\":null,\"required\":true,"
                + "\"default\":null,\"min\":null,\"max\":null,\"choices\":[],\"secret\":false,\"fields\":[]}]}]}],"
                + "\"metrics\":[{\"key\":\"lamp_{n}_hours\",\"type\":\"number\",\"label\":\"Lamp {n}\",\"unit\":\"h\","
                + "\"help\":null,\"key_metric\":true,\"exported\":true,\"trend\":true,\"value_labels\":[]},"
                + "{\"key\":\"input\",\"type\":\"text\",\"label\":\"Input\",\"unit\":null,\"help\":null,"
                + "\"key_metric\":false,\"exported\":false,\"trend\":false,"
                + "\"value_labels\":[{\"value\":\"31\",\"label\":\"Digital 1\"}]}]}", json);
        assertFalse(json.contains("public"), "a secret's default is never echoed");
    }

    @Test
    void listsEveryInstalledDriverWithItsBundleAndWhetherADiscoveryIsRegistered() throws Exception {
        DriverCatalog catalog = () -> List.of(
                new DriverInfo("raw", null, "org.example.raw", "0.1.0", null),
                new DriverInfo("snmp", "SNMP agent", "org.avmonitoring.agent.driver.snmp", "1.3.0", SNMP_LIKE));
        DeviceDiscovery discovery = duration -> CompletableFuture.completedFuture(List.of());
        DriversApi api = new DriversApi(() -> catalog, () -> Map.of("raw", discovery));

        ApiResponse r = api.handle(get("GET"));

        assertEquals(200, r.status());
        String json = JsonBody.JSON_TEXT.asString(r.body());
        assertEquals("{\"drivers\":[{\"type\":\"raw\",\"name\":\"raw\",\"bundle\":\"org.example.raw\","
                + "\"version\":\"0.1.0\",\"discovery\":true,\"description\":null},"
                + "{\"type\":\"snmp\",\"name\":\"SNMP agent\",\"bundle\":\"org.avmonitoring.agent.driver.snmp\","
                + "\"version\":\"1.3.0\",\"discovery\":false,\"description\":"
                + JsonBody.JSON_TEXT.asString(DriverJson.description(SNMP_LIKE)) + "}]}", json);
    }

    @Test
    void onlyGetAndA503WhileTheCatalogIsAway() {
        DriversApi api = new DriversApi(() -> null, Map::of);
        assertEquals(503, api.handle(get("GET")).status());
        ApiResponse post = api.handle(get("POST"));
        assertEquals(405, post.status());
        assertEquals("GET", post.headers().get("Allow"));
    }

    private static ApiRequest get(String method) {
        return new ApiRequest(method, DriversApi.PATH, null, null, null, null);
    }
}
