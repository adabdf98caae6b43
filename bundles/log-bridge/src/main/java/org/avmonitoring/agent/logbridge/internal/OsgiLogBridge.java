package org.avmonitoring.agent.logbridge.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCR, ConfigAdmin, FileInstall and the Web Console log through the OSGi Log Service, which prints nothing by
 * itself: without this bridge a component that fails to activate would fail silently. Entries go to the agent's
 * log named after the bundle that speaks; warnings and errors always, FileInstall's info too (what it installed,
 * updated or removed from the hot-deploy folder is an operator event).
 */
@Component(immediate = true, service = {})
public class OsgiLogBridge implements LogListener {
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    private final LogReaderService reader;

    @Activate
    public OsgiLogBridge(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        LogLevel level = entry.getLogLevel();
        Bundle bundle = entry.getBundle();
        String source = bundle == null || bundle.getSymbolicName() == null ? "osgi" : bundle.getSymbolicName();
        boolean problem = LogLevel.WARN.implies(level);
        // Felix Log turns every framework event into an entry ("Events.Bundle", "Events.Service"): noise.
        boolean event = entry.getLoggerName() != null && entry.getLoggerName().startsWith("Events.");
        boolean wanted = problem || level == LogLevel.INFO && !event && FILEINSTALL.equals(source);
        if (!wanted) {
            return;
        }
        Logger log = LoggerFactory.getLogger(source);
        String message = entry.getMessage();
        Throwable t = entry.getException();
        switch (level) {
            case AUDIT:
            case ERROR:
                log.error(message, t);
                break;
            case WARN:
                log.warn(message, t);
                break;
            default:
                log.info(message, t);
        }
    }
}
