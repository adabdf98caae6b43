package org.avmonitoring.agent.driver.cisco.internal;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.testing.cisco.SimulatedCodec;

/** Helpers shared by the driver's tests and benchmark. */
final class CiscoTestSupport {
    static final String USER = "monitor";
    static final String PASSWORD = "s3cret-Pa55";

    private CiscoTestSupport() {
    }

    /** A component configuration as SCR would build it: the given values, defaults for the rest. */
    static CiscoXapiDriver.Config config(Map<String, Object> values) {
        return (CiscoXapiDriver.Config) Proxy.newProxyInstance(CiscoXapiDriver.Config.class.getClassLoader(),
                new Class<?>[] {CiscoXapiDriver.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType": return CiscoXapiDriver.Config.class;
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        case "toString": return "Config" + values;
                        default: return values.getOrDefault(method.getName(), method.getDefaultValue());
                    }
                });
    }

    static CiscoXapiDriver startDriver(Map<String, Object> values) throws Exception {
        CiscoXapiDriver d = new CiscoXapiDriver();
        d.activate(null, config(values));
        return d;
    }

    /** A device for {@code codec} with the right credentials and, for https, the simulator's pin, then {@code extra}. */
    static Device device(String id, SimulatedCodec codec, String pin, Object... extra) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("username", USER);
        s.put("password", PASSWORD);
        s.put("scheme", codec.tls() ? "https" : "http");
        if (codec.tls() && pin != null) {
            s.put("tls_fingerprint_sha256", pin);
        }
        s.put("timeout_ms", 2000);
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                s.remove((String) extra[i]);
            } else {
                s.put((String) extra[i], extra[i + 1]);
            }
        }
        return new Device(id, null, CiscoXapiDriver.TYPE_NAME, codec.host(), codec.port(), 60, true, DeviceSource.LOCAL, s);
    }
}
