package org.avmonitoring.agent.configsync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Searches the log file every test line goes to (set in the pom). */
final class TestLogText {
    private TestLogText() {
    }

    static boolean contains(String s) {
        try {
            return Files.readString(ConfigSyncerTest.LOG, StandardCharsets.UTF_8).contains(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
