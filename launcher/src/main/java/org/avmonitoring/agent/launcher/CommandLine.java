package org.avmonitoring.agent.launcher;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The agent's command line: {@code bin/avmonitoring-agent [--config FILE] [--data-dir DIR] [--http-port N] ...}. */
final class CommandLine {
    static final String DEFAULT_CONFIG = "/etc/avmonitoring/config.json";
    static final String DEFAULT_DATA_DIR = "/var/lib/avmonitoring";
    static final int DEFAULT_HTTP_PORT = 8080;

    static final String USAGE = String.join("\n",
            "Usage: avmonitoring-agent [--config FILE] [--data-dir DIR] [--http-port N] [--credentials FILE]",
            "       avmonitoring-agent --check-config FILE",
            "       avmonitoring-agent --help",
            "",
            "  --config FILE        site configuration (default " + DEFAULT_CONFIG + ")",
            "  --data-dir DIR       writable state: outbox, bundle cache, hot-deploy folder DIR/deploy",
            "                       (default " + DEFAULT_DATA_DIR + ")",
            "  --http-port N        local UI, /metrics and Web Console port on 127.0.0.1 (default " + DEFAULT_HTTP_PORT + ")",
            "  --credentials FILE   Web Console (and optional UI) credentials",
            "                       (default: credentials.properties next to the config file)",
            "  --check-config FILE  validate FILE, print every error, exit 0 when valid, 2 when not",
            "  --help               print this help",
            "",
            "Environment: JAVA_OPTS replaces the default JVM options of bin/avmonitoring-agent.");

    enum Mode { RUN, CHECK, HELP }

    final Mode mode;
    final Path config;
    final Path dataDir;
    final int httpPort;
    final Path credentials;

    private CommandLine(Mode mode, Path config, Path dataDir, int httpPort, Path credentials) {
        this.mode = mode;
        this.config = config;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.credentials = credentials;
    }

    /** @throws IllegalArgumentException with a message for the user when the arguments are wrong */
    static CommandLine parse(List<String> args) {
        Mode mode = Mode.RUN;
        Path config = Paths.get(DEFAULT_CONFIG);
        Path dataDir = Paths.get(DEFAULT_DATA_DIR);
        Path credentials = null;
        int port = DEFAULT_HTTP_PORT;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help":
                case "-h":
                    return new CommandLine(Mode.HELP, config, dataDir, port, credentials);
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
                    String v = value(args, ++i, a);
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (port < 1 || port > 65_535) {
                        throw new IllegalArgumentException("--http-port: \"" + v + "\" is not a port in 1..65535");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option \"" + a + "\"");
            }
        }
        config = config.toAbsolutePath();
        if (credentials == null) {
            credentials = config.resolveSibling("credentials.properties");
        }
        return new CommandLine(mode, config, dataDir.toAbsolutePath(), port, credentials.toAbsolutePath());
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
