package org.avmonitoring.agent.logbridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.avmonitoring.agent.testing.support.TestLog;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/** The bridge against a stand-in Log Service: which entries reach the agent's log, under which name and level. */
class OsgiLogBridgeTest {
    final List<LogListener> listeners = new ArrayList<>();

    /** A Log reader service that only keeps its listeners. */
    LogReaderService reader() {
        return (LogReaderService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LogReaderService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "addLogListener" -> listeners.add((LogListener) args[0]);
                    case "removeLogListener" -> listeners.remove(args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static Bundle bundle(String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(OsgiLogBridgeTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getSymbolicName")) {
                        return symbolicName;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static LogEntry entry(Bundle bundle, LogLevel level, String loggerName, String message, Throwable t) {
        return (LogEntry) Proxy.newProxyInstance(OsgiLogBridgeTest.class.getClassLoader(), new Class<?>[] {LogEntry.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "getLogLevel" -> level;
                    case "getLoggerName" -> loggerName;
                    case "getMessage" -> message;
                    case "getException" -> t;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A message no other test writes, so that a search of the shared log file finds only this one. */
    static String unique(String what) {
        return what + " " + UUID.randomUUID();
    }

    @Test
    void listensFromActivationToDeactivation() {
        OsgiLogBridge bridge = new OsgiLogBridge(reader());
        assertEquals(List.of(bridge), listeners);
        bridge.deactivate();
        assertTrue(listeners.isEmpty());
    }

    @Test
    void errorsAndWarningsAreLoggedUnderTheBundleThatSpeaks() {
        OsgiLogBridge bridge = new OsgiLogBridge(reader());
        String error = unique("component activation failed");
        String warning = unique("configuration ignored");
        bridge.logged(entry(bundle("org.apache.felix.scr"), LogLevel.ERROR, "org.apache.felix.scr", error,
                new IllegalStateException("boom")));
        bridge.logged(entry(bundle("org.apache.felix.configadmin"), LogLevel.WARN, "cm", warning, null));
        String log = TestLog.text();
        assertTrue(log.contains("ERROR org.apache.felix.scr - " + error), log);
        assertTrue(log.contains("java.lang.IllegalStateException: boom"), "the exception's trace follows");
        assertTrue(log.contains("WARN org.apache.felix.configadmin - " + warning), log);
    }

    @Test
    void anAuditIsAnErrorAndAnEntryWithoutBundleIsNamedOsgi() {
        OsgiLogBridge bridge = new OsgiLogBridge(reader());
        String audit = unique("audit");
        bridge.logged(entry(null, LogLevel.AUDIT, null, audit, null));
        assertTrue(TestLog.contains("ERROR osgi - " + audit));
    }

    @Test
    void onlyFileInstallsInfoPassesAndFrameworkEventsNever() {
        OsgiLogBridge bridge = new OsgiLogBridge(reader());
        String installed = unique("Installed /var/lib/avmonitoring/deploy/driver.jar");
        String event = unique("BundleEvent STARTED");
        String scrInfo = unique("scr info");
        String debug = unique("scr debug");
        bridge.logged(entry(bundle("org.apache.felix.fileinstall"), LogLevel.INFO, "fileinstall", installed, null));
        bridge.logged(entry(bundle("org.apache.felix.fileinstall"), LogLevel.INFO, "Events.Bundle", event, null));
        bridge.logged(entry(bundle("org.apache.felix.scr"), LogLevel.INFO, "scr", scrInfo, null));
        bridge.logged(entry(bundle("org.apache.felix.scr"), LogLevel.DEBUG, "scr", debug, null));
        String log = TestLog.text();
        assertTrue(log.contains("INFO org.apache.felix.fileinstall - " + installed), log);
        assertFalse(log.contains(event), "a framework event is noise");
        assertFalse(log.contains(scrInfo), "another bundle's info is not an operator event");
        assertFalse(log.contains(debug));
    }
}
