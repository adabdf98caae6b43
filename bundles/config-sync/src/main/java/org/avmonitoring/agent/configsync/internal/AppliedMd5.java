package org.avmonitoring.agent.configsync.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MD5 of the last backend configuration applied, kept under the data dir so that a restart does not re-apply
 * (and rewrite config.json for) an unchanged configuration. Delete the file to force the next sync to apply.
 */
final class AppliedMd5 {
    private static final Logger LOG = LoggerFactory.getLogger(AppliedMd5.class);
    private final Path file;

    AppliedMd5(Path file) {
        this.file = file;
    }

    /** The stored MD5, or null when none is stored or the file is unreadable (then the next answer is applied). */
    String load() {
        try {
            if (!Files.exists(file)) {
                return null;
            }
            String md5 = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (md5.matches("[0-9a-f]{32}")) {
                return md5;
            }
            LOG.warn("config sync: {} does not hold an MD5; the next backend configuration will be applied", file);
        } catch (IOException e) {
            LOG.warn("config sync: cannot read {} ({}); the next backend configuration will be applied", file, e.toString());
        }
        return null;
    }

    /** Temp file and rename: a crash leaves the old value or the new one. */
    void store(String md5) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, md5 + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
