package org.avmonitoring.agent.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The installed agent as systemd runs it: {@code bin/avmonitoring-agent} of the assembled tree in its own process,
 * its stdout and stderr captured to a file so tests can read (and search) every log line.
 */
public final class AgentProcess implements AutoCloseable {
    public final Process process;
    public final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static AgentProcess start(Path logFile, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ContainerOptions.tree().resolve("bin/avmonitoring-agent").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().remove("JOURNAL_STREAM");
        return new AgentProcess(pb.start(), logFile);
    }

    /** The agent on {@code config} and {@code dataDir}, on a free loopback HTTP port, logging to {@code logFile}. */
    public static AgentProcess start(Path config, Path dataDir, Path logFile) throws IOException {
        return start(logFile, "--config", config.toString(), "--data-dir", dataDir.toString(), "--http-port",
                Integer.toString(ContainerOptions.freePort()));
    }

    /** Runs the agent to completion (bounded) and returns its exit code. */
    public static int run(Path logFile, long timeoutS, String... args) throws IOException, InterruptedException {
        try (AgentProcess p = start(logFile, args)) {
            if (!p.process.waitFor(timeoutS, TimeUnit.SECONDS)) {
                throw new AssertionError("agent still running after " + timeoutS + " s: " + p.output());
            }
            return p.process.exitValue();
        }
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Everything printed so far, for conditions polled while the agent runs. */
    public String log() {
        try {
            return Files.exists(log) ? output() : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no orderly stop. True once the process is gone (within 10 s). */
    public boolean kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemd stops the service. True once the process is gone (within 30 s). */
    public boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemctl stop sends; returns the exit code, or fails if it takes more than {@code timeoutS}. */
    public int terminate(long timeoutS) throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
            throw new AssertionError("agent did not stop within " + timeoutS + " s of SIGTERM: " + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
