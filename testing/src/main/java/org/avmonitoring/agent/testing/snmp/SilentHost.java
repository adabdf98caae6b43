package org.avmonitoring.agent.testing.snmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host that exists but never answers ICMP echo, for the ping driver's "no answer" case without any outside address:
 * a network namespace of its own ({@code ip netns add}) joined to this one by a veth pair, link-local addresses
 * 169.254.77.x/30 on both ends, and {@code net.ipv4.icmp_echo_ignore_all=1} inside. {@link #close()} removes it all.
 * Needs root (or CAP_NET_ADMIN + CAP_SYS_ADMIN); {@link #create()} throws {@link UnsupportedOperationException} with
 * the reason where the machine forbids namespaces, so a test can skip with that message.
 */
public final class SilentHost implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String namespace;
    private final String hostSide;
    private final String address;

    private SilentHost(String namespace, String hostSide, String address) {
        this.namespace = namespace;
        this.hostSide = hostSide;
        this.address = address;
    }

    /** The address inside the namespace: routed, up, silent. */
    public String address() {
        return address;
    }

    public static SilentHost create() {
        int n = SEQ.incrementAndGet() % 60;
        long pid = ProcessHandle.current().pid() % 10000;
        String ns = "avm-silent-" + pid + "-" + n;
        String host = "avmh" + pid + "x" + n;
        String peer = "avmn" + pid + "x" + n;
        // A /30 per instance inside 169.254.77.0/24 (link-local, never routed beyond the veth pair).
        int base = 4 * (n + 1);
        String hostAddr = "169.254.77." + (base + 1);
        String nsAddr = "169.254.77." + (base + 2);
        try {
            run("ip", "netns", "add", ns);
        } catch (IOException e) {
            throw new UnsupportedOperationException("network namespaces are not permitted here (" + e.getMessage() + ")", e);
        }
        SilentHost h = new SilentHost(ns, host, nsAddr);
        try {
            run("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
            run("ip", "link", "set", peer, "netns", ns);
            run("ip", "addr", "add", hostAddr + "/30", "dev", host);
            run("ip", "link", "set", host, "up");
            run("ip", "netns", "exec", ns, "ip", "addr", "add", nsAddr + "/30", "dev", peer);
            run("ip", "netns", "exec", ns, "ip", "link", "set", peer, "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.icmp_echo_ignore_all=1");
        } catch (IOException e) {
            h.close();
            throw new UnsupportedOperationException("cannot build the silent host's namespace (" + e.getMessage() + ")", e);
        }
        return h;
    }

    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        for (String[] cmd : List.of(new String[] {"ip", "link", "del", hostSide}, new String[] {"ip", "netns", "del", namespace})) {
            try {
                run(cmd);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        // Deleting one end of a veth pair deletes both; the link may already be gone with the namespace.
        if (failures.size() == 2) {
            throw new IllegalStateException("could not remove namespace " + namespace + ": " + failures);
        }
    }

    private static void run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            String out = new String(p.getInputStream().readNBytes(2000), StandardCharsets.UTF_8).strip();
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out);
        }
    }
}
