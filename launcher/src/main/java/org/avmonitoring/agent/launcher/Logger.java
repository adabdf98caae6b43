package org.avmonitoring.agent.launcher;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The launcher's own log lines, in the same shape as the bundles' (slf4j-simple configured by {@link #configureLogging}):
 * {@code LEVEL source - message}, with a timestamp only when not under systemd (journald stamps every line itself).
 */
final class Logger {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private final PrintStream out;
    private final boolean timestamps;

    Logger(PrintStream out, boolean timestamps) {
        this.out = out;
        this.timestamps = timestamps;
    }

    /** True when stdout goes to journald (systemd sets JOURNAL_STREAM for the service's stdout/stderr). */
    static boolean underJournald() {
        return System.getenv("JOURNAL_STREAM") != null;
    }

    /**
     * Bundles log through slf4j-simple (on the launcher's class path, exported by the system bundle), which reads
     * these System properties once, when the first bundle logs; java.util.logging, should a third-party bundle use it,
     * is kept to warnings and put on one line.
     */
    static void configureLogging(boolean timestamps) {
        setIfAbsent("java.util.logging.SimpleFormatter.format",
                (timestamps ? "%1$tF %1$tT.%1$tL " : "") + "%4$s %3$s - %5$s%6$s%n");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.out");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "false");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", Boolean.toString(timestamps));
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        // Jetty's per-request and start-up chatter is not an agent event.
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.felix.webconsole", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    void info(String msg) {
        line("INFO", msg);
    }

    void warn(String msg) {
        line("WARN", msg);
    }

    void error(String msg) {
        line("ERROR", msg);
    }

    private void line(String level, String msg) {
        String prefix = timestamps ? LocalDateTime.now().format(TIME) + " " : "";
        out.println(prefix + level + " Launcher - " + msg);
        out.flush();
    }
}
