package org.avmonitoring.agent.launcher;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.condition.Condition;

/**
 * Starts the agent: an embedded Felix whose bundle cache lives under the data dir, the installation's core bundles by
 * start level, then the configuration check, and only then the rest (HTTP, collector, reporter, hot deploy).
 *
 * <p>Start levels: 1 logging, 2 OSGi services and Jackson, 3 API + config + drivers, built-in and hot-deployed (what
 * validating config.json needs), 4 HTTP, Web Console and the application bundles, 5 FileInstall (hot deploy). The framework first rises to
 * {@value #CHECK_LEVEL}; the config is checked with the drivers present; a bad file stops here with every fault listed.
 */
final class Agent {
    static final int CHECK_LEVEL = 3;
    static final String RUN_CONDITION = "avmonitoring.run";
    static final int EXIT_OK = 0;
    static final int EXIT_INVALID_CONFIG = 2;
    static final int EXIT_START_FAILED = 1;
    private static final long STEP_TIMEOUT_S = 60;
    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final long HTTP_WAIT_S = 15;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z.]+)}");

    private final Path home;
    private final CommandLine cmd;
    private final Logger log;
    private final String version;

    Agent(Path home, CommandLine cmd, Logger log, String version) {
        this.home = home;
        this.cmd = cmd;
        this.log = log;
        this.version = version;
    }

    int run() throws Exception {
        long t0 = System.nanoTime();
        if (!Files.isReadable(cmd.config)) {
            log.error(cmd.config + ": " + (Files.exists(cmd.config) ? "not readable by this user"
                    : "not found (create it from " + home.resolve("conf/config.example.json") + ", or run install.sh)"));
            return EXIT_INVALID_CONFIG;
        }
        boolean check = cmd.mode == CommandLine.Mode.CHECK;
        Path storage = check ? Files.createTempDirectory("avmonitoring-check") : cmd.dataDir.resolve("felix-cache");
        if (!check) {
            Files.createDirectories(cmd.dataDir.resolve("deploy"));
        }
        CoreBundles core = new CoreBundles(home.resolve("bundles"), log);
        Framework fw = newFramework(frameworkProperties(storage, check));
        try {
            fw.init();
            core.sync(fw.getBundleContext());
            new DeployedDrivers(cmd.dataDir.resolve("deploy"), log).present(fw.getBundleContext(), CHECK_LEVEL);
            startTo(fw, CHECK_LEVEL);
            List<String> lines = checkConfig(fw.getBundleContext());
            boolean valid = lines.stream().allMatch(l -> l.startsWith("warning: "));
            lines.forEach(l -> {
                if (l.startsWith("warning: ")) {
                    log.warn(l.substring("warning: ".length()));
                } else {
                    log.error(l);
                }
            });
            if (!valid || check) {
                if (valid) {
                    log.info(cmd.config + ": valid");
                }
                stop(fw);
                return valid ? EXIT_OK : EXIT_INVALID_CONFIG;
            }
            fw.getBundleContext().registerService(Condition.class, Condition.INSTANCE,
                    new Hashtable<>(Map.of(Condition.CONDITION_ID, RUN_CONDITION)));
            startTo(fw, core.maxLevel());
            reportInactive(fw.getBundleContext());
            if (!httpListening()) {
                log.error("nothing listens on " + cmd.httpHost + ":" + cmd.httpPort + " after " + HTTP_WAIT_S
                        + " s (port in use by another program? see the http errors above); stopping");
                stop(fw);
                return EXIT_START_FAILED;
            }
            log.info("avmonitoring-agent " + version + " started in " + (System.nanoTime() - t0) / 1_000_000
                    + " ms: config " + cmd.config + ", data " + cmd.dataDir + ", UI http://" + cmd.httpHost + ":" + cmd.httpPort + "/");
        } catch (Exception | Error e) {
            stop(fw);
            throw e;
        } finally {
            if (check) {
                deleteTree(storage);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping (signal received)");
            stop(fw);
            // SIGTERM is the normal way systemd stops us: report success, not 143.
            Runtime.getRuntime().halt(EXIT_OK);
        }, "avmonitoring-shutdown"));
        FrameworkEvent end = fw.waitForStop(0);
        log.info("framework stopped (" + describe(end) + ")");
        return end.getType() == FrameworkEvent.ERROR ? EXIT_START_FAILED : EXIT_OK;
    }

    Map<String, String> frameworkProperties(Path storage, boolean check) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("home", home.toString());
        values.put("data.dir", cmd.dataDir.toString());
        values.put("http.port", Integer.toString(cmd.httpPort));
        Map<String, String> props = new HashMap<>();
        Properties file = new Properties();
        try (Reader r = Files.newBufferedReader(home.resolve("conf/framework.properties"), StandardCharsets.UTF_8)) {
            file.load(r);
        }
        for (String key : file.stringPropertyNames()) {
            props.put(key, substitute(file.getProperty(key), values));
        }
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, check ? Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT : "none");
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
        props.put("org.osgi.service.http.port", Integer.toString(cmd.httpPort));
        props.put("org.apache.felix.http.host", cmd.httpHost);
        props.put("avmonitoring.config.file", cmd.config.toString());
        props.put("avmonitoring.data.dir", cmd.dataDir.toString());
        props.put("avmonitoring.version", version);
        if (check) {
            props.remove("felix.fileinstall.dir");
        } else {
            List<String> warnings = new ArrayList<>();
            props.putAll(Credentials.frameworkProperties(cmd.credentials, warnings));
            warnings.forEach(log::warn);
        }
        return props;
    }

    static String substitute(String value, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("conf/framework.properties: unknown placeholder ${" + m.group(1) + "}");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Framework newFramework(Map<String, String> props) {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/)"));
        return factory.newFramework(props);
    }

    /** Starts the framework if needed and waits until every bundle up to {@code level} has been started. */
    private void startTo(Framework fw, int level) throws BundleException, InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        if (fw.getState() != Bundle.ACTIVE) {
            fw.start();
        }
        fw.adapt(FrameworkStartLevel.class).setStartLevel(level, e -> reached.countDown());
        if (!reached.await(STEP_TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new IllegalStateException("start level " + level + " not reached within " + STEP_TIMEOUT_S + " s");
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> checkConfig(BundleContext ctx) throws InvalidSyntaxException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_S);
        while (true) {
            ServiceReference<?>[] refs = ctx.getServiceReferences(Function.class.getName(),
                    "(avmonitoring.command=check-config)");
            // null, not empty, while nothing offers it (the config bundle still starting, or unresolved)
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                Function<Path, List<String>> check = (Function<Path, List<String>>) ctx.getService(ref);
                if (check != null) {
                    try {
                        return check.apply(cmd.config);
                    } finally {
                        ctx.ungetService(ref);
                    }
                }
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the config bundle did not offer its check within " + STEP_TIMEOUT_S
                        + " s (is bundles/" + CHECK_LEVEL + "/ complete?)");
            }
            // SCR activates components shortly after their bundle starts; poll briefly.
            Thread.sleep(20);
        }
    }

    /** The UI is the agent's face on site: without it the agent is not started, whatever else runs. */
    private boolean httpListening() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(HTTP_WAIT_S);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(connectHost()), cmd.httpPort), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    private String connectHost() {
        return "0.0.0.0".equals(cmd.httpHost) || "::".equals(cmd.httpHost) ? "127.0.0.1" : cmd.httpHost;
    }

    private void reportInactive(BundleContext ctx) {
        for (Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                log.warn("bundle " + b.getSymbolicName() + " " + b.getVersion() + " is not active (state "
                        + b.getState() + ")");
            }
        }
    }

    private void stop(Framework fw) {
        try {
            if ((fw.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                fw.stop();
                FrameworkEvent e = fw.waitForStop(STOP_TIMEOUT_MS);
                if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    log.warn("framework did not stop within " + STOP_TIMEOUT_MS + " ms");
                }
            }
        } catch (BundleException | InterruptedException e) {
            log.error("stopping the framework failed: " + e);
        }
    }

    private static String describe(FrameworkEvent e) {
        switch (e.getType()) {
            case FrameworkEvent.STOPPED: return "stopped";
            case FrameworkEvent.STOPPED_UPDATE: return "system bundle updated";
            case FrameworkEvent.ERROR: return "error: " + e.getThrowable();
            default: return "event " + e.getType();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
