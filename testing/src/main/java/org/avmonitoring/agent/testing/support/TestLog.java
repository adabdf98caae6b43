package org.avmonitoring.agent.testing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log file every line of a module's tests goes to (slf4j-simple's {@code org.slf4j.simpleLogger.logFile}, set in
 * the module's surefire configuration), searched for what must and must not be there.
 */
public final class TestLog {
    private TestLog() {
    }

    public static Path file() {
        return Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-log.txt"));
    }

    /** Everything logged so far (empty before the first line). */
    public static String text() {
        System.err.flush();
        Path f = file();
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean contains(String s) {
        return text().contains(s);
    }

    /**
     * The log holds {@code expectedLine} (so the search means something) and nowhere {@code secret}, nor any of
     * {@code alsoSecret} (an encoded form of it).
     */
    public static void assertNeverLogged(String expectedLine, String secret, String... alsoSecret) {
        String log = text();
        if (!log.contains(expectedLine)) {
            throw new AssertionError("the captured log " + file() + " should contain \"" + expectedLine + "\"");
        }
        if (log.contains(secret)) {
            throw new AssertionError("a secret appears in the log " + file());
        }
        for (String s : alsoSecret) {
            if (log.contains(s)) {
                throw new AssertionError("an encoded secret appears in the log " + file());
            }
        }
    }
}
