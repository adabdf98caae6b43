package org.avmonitoring.agent.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished external command: exit code and output. Runs bounded in time, stdin from /dev/null. */
record Command(List<String> args, int exit, String out, String err) {
    private static final long TIMEOUT_S = 60;

    static Command run(List<String> args) {
        return run(args, Map.of());
    }

    static Command run(List<String> args, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("cmd", ".out");
            Path err = Files.createTempFile("cmd", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(args)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(args + " did not finish within " + TIMEOUT_S + " s");
                }
                return new Command(args, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + args + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + args, e);
        }
    }

    /** Fails with the whole output unless the command exited 0. */
    Command ok() {
        if (exit != 0) {
            throw new AssertionError(args + " exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        return this;
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
