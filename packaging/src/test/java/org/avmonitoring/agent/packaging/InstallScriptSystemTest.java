package org.avmonitoring.agent.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.avmonitoring.agent.testing.support.Peers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh and uninstall.sh for real (useradd, chown, userdel), as root but inside a private mount namespace where
 * /etc, /opt, /var/lib and /var/log are throwaway copies and /run/systemd is empty: the host is not touched and no
 * systemctl runs. Skipped when not root or when unshare cannot create the namespace.
 */
class InstallScriptSystemTest {
    @TempDir
    Path tmp;

    @Test
    void installCreatesTheUserAndOwnersThenUninstallRemovesTheUserAndKeepsTheConfig() throws IOException {
        String root = "needs root (useradd and chown) inside a private mount namespace";
        Assumptions.assumeTrue(Peers.available(Command.run(List.of("id", "-u")).ok().out().strip().equals("0"), root),
                "SKIPPED: " + root);
        String unshare = "unshare -m is not permitted here";
        Assumptions.assumeTrue(Peers.available(Command.run(List.of("unshare", "-m", "true")).exit() == 0, unshare),
                "SKIPPED: " + unshare);
        for (String d : List.of("etc", "opt", "varlib", "varlog", "run")) {
            Files.createDirectories(tmp.resolve(d));
        }
        Command.run(List.of("cp", "-a", "/etc/.", tmp.resolve("etc").toString())).ok();
        String script = String.join("\n",
                "set -e",
                "mount --bind " + tmp.resolve("etc") + " /etc",
                "mount --bind " + tmp.resolve("opt") + " /opt",
                "mount --bind " + tmp.resolve("varlib") + " /var/lib",
                "mount --bind " + tmp.resolve("varlog") + " /var/log",
                "mkdir -p /run/systemd && mount --bind " + tmp.resolve("run") + " /run/systemd",
                Layout.script("install.sh") + " --from " + Layout.tree() + " --site-name System",
                "getent passwd avmonitoring",
                "stat -c '%U:%G %a %n' /opt/avmonitoring-agent /etc/avmonitoring /etc/avmonitoring/config.json"
                        + " /etc/avmonitoring/credentials.properties /etc/avmonitoring/initial-credentials.txt"
                        + " /var/lib/avmonitoring /var/lib/avmonitoring/deploy /var/log/avmonitoring"
                        + " /opt/avmonitoring-agent/lib/avmonitoring-launcher.jar",
                "/opt/avmonitoring-agent/scripts/uninstall.sh",
                "getent passwd avmonitoring || echo 'no user avmonitoring'",
                "ls -d /etc/avmonitoring/config.json /var/lib/avmonitoring",
                "test ! -e /opt/avmonitoring-agent && echo 'code removed'");
        Command run = Command.run(List.of("unshare", "-m", "bash", "-c", script)).ok();

        String out = run.out();
        assertTrue(out.matches("(?s).*avmonitoring:x:\\d+:\\d+:[^:]*:/nonexistent:/usr/sbin/nologin.*"), out);
        for (String line : List.of(
                "root:root 755 /opt/avmonitoring-agent",
                "avmonitoring:avmonitoring 750 /etc/avmonitoring",
                "avmonitoring:avmonitoring 640 /etc/avmonitoring/config.json",
                "root:avmonitoring 640 /etc/avmonitoring/credentials.properties",
                "root:root 600 /etc/avmonitoring/initial-credentials.txt",
                "avmonitoring:avmonitoring 750 /var/lib/avmonitoring",
                "avmonitoring:avmonitoring 750 /var/lib/avmonitoring/deploy",
                "avmonitoring:avmonitoring 750 /var/log/avmonitoring",
                "root:root 644 /opt/avmonitoring-agent/lib/avmonitoring-launcher.jar",
                "no user avmonitoring",
                "code removed")) {
            assertTrue(out.contains(line + "\n"), "expected '" + line + "' in:\n" + out);
        }
        assertTrue(out.contains("systemd is not running here"), "no systemctl in the test namespace");
        assertTrue(Files.exists(tmp.resolve("etc/avmonitoring/config.json")), "config kept by uninstall");
        assertEquals(List.of(), Command.run(List.of("getent", "passwd", "avmonitoring")).out().lines().toList(),
                "the host has no such user");
    }
}
