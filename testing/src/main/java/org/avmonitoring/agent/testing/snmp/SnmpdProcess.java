package org.avmonitoring.agent.testing.snmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Debian's {@code snmpd} (package {@code snmpd}) started as an ordinary foreground process on loopback UDP with a
 * generated configuration: a v1/v2c read-only community, any number of v3 users, a unique engineID (agents sharing
 * one break clients that cache per engine) and its own persistent directory. {@link #restart()} keeps the addresses,
 * so sysUpTime falls back to zero as after a reboot. Only 127.0.0.0/8 addresses are accepted.
 *
 * <pre>
 * try (SnmpdProcess snmpd = SnmpdProcess.builder().community("public")
 *         .user("monitor", "SHA-256", "auth-pass-1", "AES", "priv-pass-1").start()) {
 *     int port = snmpd.port();
 * }
 * </pre>
 */
public final class SnmpdProcess implements AutoCloseable {
    /** Where Debian installs the agent. */
    public static final Path SNMPD = Path.of("/usr/sbin/snmpd");
    private static final AtomicLong ENGINE_SEQ = new AtomicLong();

    private final List<InetSocketAddress> listen;
    private final Path dir;
    private final Path conf;
    private Process process;

    /** A v3 user as net-snmp spells it: auth {@code MD5, SHA, SHA-224 .. SHA-512}, priv {@code DES, AES, AES-192, AES-256}. */
    public record User(String name, String authProtocol, String authPassword, String privProtocol, String privPassword) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when the snmpd binary is installed (tests use it in an assumption, with a message naming the package). */
    public static boolean installed() {
        return Files.isExecutable(SNMPD);
    }

    private SnmpdProcess(List<InetSocketAddress> listen, Path dir, Path conf) {
        this.listen = listen;
        this.dir = dir;
        this.conf = conf;
    }

    /** The first listening port. */
    public int port() {
        return listen.get(0).getPort();
    }

    /** The first listening address. */
    public InetSocketAddress address() {
        return listen.get(0);
    }

    /** Every address this agent answers on. */
    public List<InetSocketAddress> addresses() {
        return List.copyOf(listen);
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the agent and starts it again on the same addresses (sysUpTime restarts from 0, snmpEngineBoots + 1). */
    public synchronized void restart() throws IOException {
        stopProcess();
        launch();
    }

    /** Stops the agent (its port then answers nothing); {@link #restart()} starts it again. */
    public synchronized void stop() {
        stopProcess();
    }

    @Override
    public synchronized void close() {
        stopProcess();
        deleteTree(dir);
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SNMPD.toString(), "-f", "-Lo", "-C", "-c", conf.toString(),
                "-I", "-smux", "-m", "", "-p", dir.resolve("snmpd.pid").toString()));
        StringBuilder agents = new StringBuilder();
        for (InetSocketAddress a : listen) {
            agents.append(agents.length() == 0 ? "" : ",").append("udp:").append(a.getAddress().getHostAddress())
                    .append(':').append(a.getPort());
        }
        cmd.add(agents.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("snmpd.log").toFile());
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
        pb.environment().put("MIBS", "");
        process = pb.start();
        awaitListening(Duration.ofSeconds(10));
    }

    /** snmpd logs "NET-SNMP version ..." once its sockets are bound; a failed bind makes it exit. */
    private void awaitListening(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        Path log = dir.resolve("snmpd.log");
        while (System.nanoTime() < end) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains("NET-SNMP version")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("snmpd exited with " + process.exitValue() + " before listening: " + text.strip());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for snmpd", e);
            }
        }
        stopProcess();
        throw new IOException("snmpd did not report listening within " + timeout.toMillis() + " ms");
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** A UDP port free on 127.0.0.1 right now (the agent binds it a moment later). */
    public static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }

    public static final class Builder {
        private final List<InetSocketAddress> listen = new ArrayList<>();
        private final List<User> users = new ArrayList<>();
        private String community = "public";
        private String sysName = "avm-test-agent";
        private String engineId;

        /** The v1/v2c read-only community (default {@code public}). */
        public Builder community(String c) {
            this.community = Objects.requireNonNull(c);
            return this;
        }

        public Builder sysName(String name) {
            this.sysName = Objects.requireNonNull(name);
            return this;
        }

        /** A v3 authPriv user (or authNoPriv with a null {@code privProtocol}). */
        public Builder user(String name, String authProtocol, String authPassword, String privProtocol, String privPassword) {
            users.add(new User(name, authProtocol, authPassword, privProtocol, privPassword));
            return this;
        }

        /** The engineID text; unique per process by default. */
        public Builder engineId(String id) {
            this.engineId = id;
            return this;
        }

        /** Adds a listening address; must be in 127.0.0.0/8. Without any, a free port on 127.0.0.1. */
        public Builder listen(InetSocketAddress address) {
            if (!address.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("snmpd fixture listens on 127.0.0.0/8 only, not " + address);
            }
            listen.add(address);
            return this;
        }

        public SnmpdProcess start() throws IOException {
            if (listen.isEmpty()) {
                listen.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), freeUdpPort()));
            }
            Path dir = Files.createTempDirectory("avm-snmpd-");
            Files.createDirectories(dir.resolve("persist"));
            String engine = engineId != null ? engineId
                    : "avm-" + ProcessHandle.current().pid() + "-" + ENGINE_SEQ.incrementAndGet() + "-" + listen.get(0).getPort();
            StringBuilder c = new StringBuilder();
            c.append("# generated by the avmonitoring test fixture\n");
            c.append("engineID ").append(engine).append('\n');
            c.append("sysName ").append(sysName).append('\n');
            c.append("sysLocation test bench\n");
            c.append("sysContact avm-tests\n");
            c.append("sysServices 72\n");
            c.append("rocommunity ").append(community).append(" 127.0.0.0/8\n");
            for (User u : users) {
                c.append("createUser ").append(u.name()).append(' ').append(u.authProtocol()).append(" \"")
                        .append(u.authPassword()).append('"');
                if (u.privProtocol() != null) {
                    c.append(' ').append(u.privProtocol()).append(" \"").append(u.privPassword()).append('"');
                }
                c.append('\n');
                c.append("rouser ").append(u.name()).append(u.privProtocol() != null ? " priv" : " auth").append('\n');
            }
            Path conf = dir.resolve("snmpd.conf");
            Files.writeString(conf, c.toString(), StandardCharsets.UTF_8);
            SnmpdProcess p = new SnmpdProcess(List.copyOf(listen), dir, conf);
            try {
                p.launch();
            } catch (IOException | RuntimeException e) {
                p.close();
                throw e;
            }
            return p;
        }
    }
}
