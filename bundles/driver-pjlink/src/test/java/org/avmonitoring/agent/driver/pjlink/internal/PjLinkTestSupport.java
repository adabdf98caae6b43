package org.avmonitoring.agent.driver.pjlink.internal;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.avmonitoring.agent.api.Device;
import org.avmonitoring.agent.api.DeviceSource;
import org.avmonitoring.agent.testing.pjlink.SimulatedProjector;

/** Helpers shared by the driver's tests and benchmark. */
final class PjLinkTestSupport {

    private PjLinkTestSupport() {
    }

    /** A component configuration as SCR would build it: the given values, defaults for the rest. */
    static PjLinkDriver.Config config(Map<String, Object> values) {
        return (PjLinkDriver.Config) Proxy.newProxyInstance(PjLinkDriver.Config.class.getClassLoader(),
                new Class<?>[] {PjLinkDriver.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType": return PjLinkDriver.Config.class;
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        case "toString": return "Config" + values;
                        default: return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                    }
                });
    }

    static PjLinkDriver startDriver(Map<String, Object> values) throws IOException {
        PjLinkDriver d = new PjLinkDriver();
        d.activate(null, config(values));
        return d;
    }

    static Device device(String id, SimulatedProjector p, Object... settings) {
        return device(id, p.host(), p.port(), settings);
    }

    static Device device(String id, String host, int port, Object... settings) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            s.put((String) settings[i], settings[i + 1]);
        }
        return new Device(id, null, "pjlink", host, port, 60, true, DeviceSource.LOCAL, s);
    }

    /** Sockets this process holds (Linux /proc), to prove a test leaves none behind. */
    static long openSockets() {
        File[] fds = new File("/proc/self/fd").listFiles();
        long n = 0;
        if (fds != null) {
            for (File f : fds) {
                try {
                    if (Files.readSymbolicLink(f.toPath()).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException e) {
                    continue; // Closed between the listing and the read: not open any more.
                }
            }
        }
        return n;
    }

    /** Live threads whose name starts with {@code prefix}. */
    /** A UDP port of 127.0.0.1 that nothing holds right now. */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    /** Whether nothing holds {@code port} of 127.0.0.1 (the driver's listener releases it when closed). */
    static boolean udpPortFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
