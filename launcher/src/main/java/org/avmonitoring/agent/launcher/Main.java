package org.avmonitoring.agent.launcher;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/** Entry point of {@code bin/avmonitoring-agent}. */
public final class Main {
    static final int EXIT_USAGE = 64;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cmd;
        try {
            cmd = CommandLine.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("avmonitoring-agent: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            return EXIT_USAGE;
        }
        if (cmd.mode == CommandLine.Mode.HELP) {
            System.out.println(CommandLine.USAGE);
            return Agent.EXIT_OK;
        }
        boolean timestamps = !Logger.underJournald();
        if (cmd.logFile != null) {
            try {
                RotatingLogFile file = new RotatingLogFile(cmd.logFile, cmd.logFileMaxMb * 1024L * 1024L,
                        CommandLine.LOG_FILES_KEPT);
                // slf4j-simple writes to whatever System.out is at each line: the file gets every bundle's lines.
                System.setOut(new java.io.PrintStream(RotatingLogFile.tee(System.out, file), true,
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                System.err.println("avmonitoring-agent: --log-file " + cmd.logFile + ": " + e.getMessage());
                return EXIT_USAGE;
            }
        }
        Logger.configureLogging(timestamps);
        Logger log = new Logger(System.out, timestamps);
        try {
            return new Agent(home(), cmd, log, version()).run();
        } catch (Exception e) {
            log.error("start failed: " + e);
            return Agent.EXIT_START_FAILED;
        }
    }

    /** The installation folder: set by bin/avmonitoring-agent, else the parent of lib/ holding this jar. */
    static Path home() throws URISyntaxException {
        String prop = System.getProperty("avmonitoring.home");
        if (prop != null) {
            return Paths.get(prop).toAbsolutePath();
        }
        Path jar = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent();
    }

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
