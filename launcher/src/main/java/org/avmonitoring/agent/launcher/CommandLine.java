package org.avmonitoring.agent.launcher;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The agent's command line: {@code bin/avmonitoring-agent [--config FILE] [--data-dir DIR] [--http-port N] ...}. */
final class CommandLine {
    static final String DEFAULT_CONFIG = "/etc/avmonitoring/config.json";
    static final String DEFAULT_DATA_DIR = "/var/lib/avmonitoring";
    static final int DEFAULT_HTTP_PORT = 8080;
    static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    static final int DEFAULT_LOG_FILE_MAX_MB = 10;
    static final int LOG_FILES_KEPT = 4;

    static final String USAGE = String.join("\n",
            "Usage: avmonitoring-agent [--config FILE] [--data-dir DIR] [--http-port N] [--credentials FILE]",
            "                          [--log-file FILE [--log-file-max-mb N]]",
            "       avmonitoring-agent --check-config FILE",
            "       avmonitoring-agent --help",
            "",
            "  --config FILE        site configuration (default " + DEFAULT_CONFIG + ")",
            "  --data-dir DIR       writable state: outbox, bundle cache, hot-deploy folder DIR/deploy",
            "                       (default " + DEFAULT_DATA_DIR + ")",
            "  --http-port N        local UI, /metrics and Web Console port on 127.0.0.1 (default " + DEFAULT_HTTP_PORT + ")",
            "  --http-host ADDR     address to listen on (default " + DEFAULT_HTTP_HOST + "; only inside a container",
            "                       whose port is published to the host's loopback should this change)",
            "  --credentials FILE   Web Console (and optional UI) credentials",
            "                       (default: credentials.properties next to the config file)",
            "  --log-file FILE      also write the log to FILE, rotated by size (FILE.1 ... FILE." + LOG_FILES_KEPT + ")",
            "                       (default: none, stdout only; journald keeps it under systemd)",
            "  --log-file-max-mb N  size of each log file before rotation (default " + DEFAULT_LOG_FILE_MAX_MB + ")",
            "  --check-config FILE  validate FILE, print every error, exit 0 when valid, 2 when not",
            "  --help               print this help",
            "",
            "Environment: JAVA_OPTS replaces the default JVM options of bin/avmonitoring-agent.");

    enum Mode { RUN, CHECK, HELP }

    final Mode mode;
    final Path config;
    final Path dataDir;
    final int httpPort;
    final String httpHost;
    final Path credentials;
    final Path logFile;
    final int logFileMaxMb;

    private CommandLine(Mode mode, Path config, Path dataDir, int httpPort, String httpHost, Path credentials,
                        Path logFile, int logFileMaxMb) {
        this.mode = mode;
        this.config = config;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.httpHost = httpHost;
        this.credentials = credentials;
        this.logFile = logFile;
        this.logFileMaxMb = logFileMaxMb;
    }

    /** @throws IllegalArgumentException with a message for the user when the arguments are wrong */
    static CommandLine parse(List<String> args) {
        Mode mode = Mode.RUN;
        Path config = Paths.get(DEFAULT_CONFIG);
        Path dataDir = Paths.get(DEFAULT_DATA_DIR);
        Path credentials = null;
        int port = DEFAULT_HTTP_PORT;
        String host = DEFAULT_HTTP_HOST;
        Path logFile = null;
        int logFileMaxMb = DEFAULT_LOG_FILE_MAX_MB;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help":
                case "-h":
                    return new CommandLine(Mode.HELP, config, dataDir, port, host, credentials, null, logFileMaxMb);
                case "--config":
                    config = Paths.get(value(args, ++i, a));
                    break;
                case "--check-config":
                    mode = Mode.CHECK;
                    config = Paths.get(value(args, ++i, a));
                    break;
                case "--data-dir":
                    dataDir = Paths.get(value(args, ++i, a));
                    break;
                case "--credentials":
                    credentials = Paths.get(value(args, ++i, a));
                    break;
                case "--http-port":
                    port = number(value(args, ++i, a), a, 1, 65_535, "a port in 1..65535");
                    break;
                case "--http-host":
                    host = value(args, ++i, a);
                    break;
                case "--log-file":
                    logFile = Paths.get(value(args, ++i, a)).toAbsolutePath();
                    break;
                case "--log-file-max-mb":
                    logFileMaxMb = number(value(args, ++i, a), a, 1, 1024, "a size in MB in 1..1024");
                    break;
                default:
                    throw new IllegalArgumentException("unknown option \"" + a + "\"");
            }
        }
        config = config.toAbsolutePath();
        if (credentials == null) {
            credentials = config.resolveSibling("credentials.properties");
        }
        return new CommandLine(mode, config, dataDir.toAbsolutePath(), port, host, credentials.toAbsolutePath(),
                logFile, logFileMaxMb);
    }

    private static int number(String v, String option, int min, int max, String what) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option named
        }
        throw new IllegalArgumentException(option + ": \"" + v + "\" is not " + what);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
