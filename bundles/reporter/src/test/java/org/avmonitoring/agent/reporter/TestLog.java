package org.avmonitoring.agent.reporter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The log file every test line goes to (set in the pom), searched for what must and must not be there. */
final class TestLog {
    static final Path FILE = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-log.txt"));

    private TestLog() {
    }

    static String text() throws IOException {
        System.err.flush();
        return Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
    }

    static boolean contains(String s) {
        try {
            return text().contains(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The log has lines (so the search means something) and none of them holds {@code secret}. */
    static void assertNeverLogged(String secret, String expectedLine) throws IOException {
        String log = text();
        assertTrue(log.contains(expectedLine), "the captured log should contain \"" + expectedLine + "\"");
        assertFalse(log.contains(secret), "the site token appears in the log " + FILE);
    }
}
