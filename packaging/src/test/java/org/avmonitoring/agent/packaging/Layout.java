package org.avmonitoring.agent.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The repository's deployment files and the installation layout install.sh promises: what it creates outside the
 * code, with owner and mode. In a staging root ({@code --root}) the owners are not applied (the user does not exist
 * there) but written to {@code <root>/avmonitoring-owners.txt} as "owner:group mode path"; everything under
 * /opt/avmonitoring-agent is root:root.
 */
final class Layout {
    static final String OPT = "/opt/avmonitoring-agent";
    static final String OWNERS_MANIFEST = "avmonitoring-owners.txt";
    static final String SERVICE = "avmonitoring:avmonitoring";

    /** path -> "owner:group mode", for a fresh install.sh run (not --packaged). */
    static final Map<String, String> EXPECTED_OWNERS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OPT, "root:root 755");
        m.put("/etc/avmonitoring", SERVICE + " 750");
        m.put("/etc/avmonitoring/config.json", SERVICE + " 640");
        m.put("/etc/avmonitoring/credentials.properties", "root:avmonitoring 640");
        m.put("/etc/avmonitoring/initial-credentials.txt", "root:root 600");
        m.put("/var/lib/avmonitoring", SERVICE + " 750");
        m.put("/var/lib/avmonitoring/deploy", SERVICE + " 750");
        m.put("/var/log/avmonitoring", SERVICE + " 750");
        m.put("/etc/default/avmonitoring-agent", "root:root 644");
        m.put("/etc/systemd/system/avmonitoring-agent.service", "root:root 644");
        EXPECTED_OWNERS = Map.copyOf(m);
    }

    private Layout() {
    }

    static Path repo() {
        return Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    }

    /** The launcher's assembled installation tree; the reactor builds it before this module. */
    static Path tree() {
        Path t = Path.of(System.getProperty("agent.tree", "../launcher/target/avmonitoring-agent"))
                .toAbsolutePath().normalize();
        if (!Files.isExecutable(t.resolve("bin/avmonitoring-agent"))) {
            throw new AssertionError("installation tree " + t + " missing: build the launcher module first"
                    + " (mvn -B -q -f launcher/pom.xml install)");
        }
        return t;
    }

    static Path script(String name) {
        return repo().resolve("scripts").resolve(name);
    }

    /** The owners manifest of a staging root: path -> "owner:group mode". */
    static Map<String, String> owners(Path root) {
        Map<String, String> m = new TreeMap<>();
        for (String line : readLines(root.resolve(OWNERS_MANIFEST))) {
            String[] f = line.trim().split(" ");
            if (f.length != 3) {
                throw new AssertionError(OWNERS_MANIFEST + ": malformed line '" + line + "'");
            }
            if (m.put(f[2], f[0] + " " + f[1]) != null) {
                throw new AssertionError(OWNERS_MANIFEST + ": " + f[2] + " listed twice");
            }
        }
        return m;
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Octal permission bits, as chmod and ls show them ("750"). */
    static String mode(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            int bits = 0;
            for (PosixFilePermission perm : perms) {
                bits |= 1 << (8 - perm.ordinal());
            }
            return Integer.toOctalString(bits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Under a staging root: the target system's path ("/etc/avmonitoring") of {@code p}. */
    static String systemPath(Path root, Path p) {
        return "/" + root.relativize(p).toString();
    }
}
