package org.avmonitoring.agent.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.condition.Condition;

/**
 * Pax Exam options that boot the real container: every jar of the assembled installation tree
 * ({@code launcher/target/avmonitoring-agent/bundles/<level>/}) at its start level, with the framework properties the
 * launcher would set, and slf4j from the class path through the system bundle, as the launcher's {@code lib/}. Tests
 * then {@link #allowRun} (what the launcher does once config.json is checked).
 *
 * <p>A test class builds one {@code Agent} in its {@code @Configuration} method; inside the container (another class
 * loader: static fields are not shared) {@link Agent#of(BundleContext)} finds it again from the framework properties.
 */
public final class ContainerOptions {
    public static final String CONSOLE_USER = "itest-admin";
    public static final String CONSOLE_PASSWORD = "itest-console-placeholder";
    private static final int TOP_LEVEL = 5;

    private ContainerOptions() {
    }

    /** One agent under test: its config file, data dir and HTTP port. */
    public static final class Agent {
        public final Path config;
        public final Path dataDir;
        public final int httpPort;

        Agent(Path config, Path dataDir, int httpPort) {
            this.config = config;
            this.dataDir = dataDir;
            this.httpPort = httpPort;
        }

        /** The agent under test, seen from inside the container. */
        public static Agent of(BundleContext ctx) {
            return new Agent(Paths.get(ctx.getProperty("avmonitoring.config.file")),
                    Paths.get(ctx.getProperty("avmonitoring.data.dir")),
                    Integer.parseInt(ctx.getProperty("org.osgi.service.http.port")));
        }

        public Path deployDir() {
            return dataDir.resolve("deploy");
        }
    }

    public static Path tree() {
        return Paths.get(System.getProperty("avmonitoring.tree", "../launcher/target/avmonitoring-agent"));
    }

    /** A fresh config file (with {@code configJson}) and data dir in a temp folder, and a free loopback port. */
    public static Agent newAgent(String configJson) {
        try {
            Path dir = Files.createTempDirectory("avmonitoring-itest");
            Path config = dir.resolve("config.json");
            Files.writeString(config, configJson);
            Path data = dir.resolve("data");
            Files.createDirectories(data.resolve("deploy"));
            return new Agent(config, data, freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container with every bundle of the installation tree, except those whose file name starts with an excluded prefix. */
    public static Option container(Agent agent, String... excludedPrefixes) {
        List<Option> options = new ArrayList<>();
        options.add(frameworkStartLevel(TOP_LEVEL));
        options.add(frameworkProperty("org.osgi.framework.bsnversion").value("managed"));
        options.add(frameworkProperty("avmonitoring.config.file").value(agent.config.toString()));
        options.add(frameworkProperty("avmonitoring.data.dir").value(agent.dataDir.toString()));
        options.add(frameworkProperty("avmonitoring.version").value("itest"));
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(agent.httpPort)));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("felix.webconsole.username").value(CONSOLE_USER));
        options.add(frameworkProperty("felix.webconsole.password").value(CONSOLE_PASSWORD));
        options.add(frameworkProperty("felix.fileinstall.dir").value(agent.deployDir().toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("500"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.bundles.new.start").value("true"));
        options.add(frameworkProperty("felix.fileinstall.start.level").value("4"));
        // slf4j is not a bundle: like the launcher's lib/, the test JVM's class path holds slf4j-api and slf4j-simple
        // (configured by the failsafe System properties), and the system bundle exports them as the tree's
        // conf/framework.properties says.
        options.add(systemPackage(treeFrameworkProperty(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA)));
        options.add(junitBundles());
        for (Map.Entry<Integer, List<Path>> level : treeBundles().entrySet()) {
            for (Path jar : level.getValue()) {
                String name = jar.getFileName().toString();
                if (List.of(excludedPrefixes).stream().noneMatch(name::startsWith)) {
                    options.add(bundle(jar.toUri().toString()).startLevel(level.getKey()));
                }
            }
        }
        return composite(options.toArray(new Option[0]));
    }

    /** A property of the tree's {@code conf/framework.properties}, which must be set there. */
    static String treeFrameworkProperty(String key) {
        Path file = tree().resolve("conf/framework.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": build the launcher module first", e);
        }
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(file + ": no " + key);
        }
        return value;
    }

    /** What the launcher does once config.json has been checked: lets the config store (and all on it) start. */
    public static ServiceRegistration<Condition> allowRun(BundleContext ctx) {
        return ctx.registerService(Condition.class, Condition.INSTANCE,
                new Hashtable<>(Map.of(Condition.CONDITION_ID, "avmonitoring.run")));
    }

    /**
     * A bundle built by a module of this reactor, from its {@code target/} folder: {@code mvn verify} does not
     * install it in the local repository, so in-container tests must not ask pax-url for it.
     */
    public static Option moduleBundle(String module, String artifact, int startLevel) {
        Path target = tree().resolve("../../..").resolve(module).resolve("target").normalize();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, artifact + "-*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                if (!name.endsWith("-tests.jar") && !name.endsWith("-sources.jar")) {
                    return bundle(jar.toUri().toString()).startLevel(startLevel);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": build the module first", e);
        }
        throw new IllegalStateException("no " + artifact + " jar in " + target + ": build the module first");
    }

    /** The tree's jar whose file name starts with {@code artifact + "-"}. */
    public static Path treeJar(String artifact) {
        return treeBundles().values().stream().flatMap(List::stream)
                .filter(p -> p.getFileName().toString().startsWith(artifact + "-")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + artifact + " jar in " + tree()));
    }

    public static Map<Integer, List<Path>> treeBundles() {
        Map<Integer, List<Path>> out = new java.util.TreeMap<>();
        Path bundles = tree().resolve("bundles");
        if (!Files.isDirectory(bundles)) {
            throw new IllegalStateException(bundles + " is missing: run the build from the root (mvn verify) so the "
                    + "launcher module assembles the installation tree first");
        }
        try (DirectoryStream<Path> levels = Files.newDirectoryStream(bundles)) {
            for (Path level : levels) {
                List<Path> jars = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(level, "*.jar")) {
                    ds.forEach(jars::add);
                }
                jars.sort(null);
                out.put(Integer.parseInt(level.getFileName().toString()), jars);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Status of a GET on 127.0.0.1 (with HTTP Basic credentials when given), or -1 while nothing answers. */
    public static int httpStatus(int port, String path, String userColonPassword) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(5_000);
            c.setInstanceFollowRedirects(false);
            if (userColonPassword != null) {
                c.setRequestProperty("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)));
            }
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /** Polls {@code condition} every 50 ms until it holds, or fails after {@code timeoutMs} naming {@code what}. */
    public static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Copies {@code jar} in beside the deploy folder, then renames it in, so FileInstall never sees half a file. */
    public static void deploy(Agent agent, Path jar, Path target) throws IOException {
        Path staging = agent.dataDir.resolve("staging.jar");
        Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The same bundle with another Bundle-Version: "newer code" that tells itself apart. */
    public static void withVersion(Path from, Path to, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(from))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream os = Files.newOutputStream(to);
                 JarOutputStream out = new JarOutputStream(os, m)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }
}
