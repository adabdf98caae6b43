package org.avmonitoring.agent.config.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file so that a reader, or a restart after {@code kill -9} or a power cut, sees either the whole old
 * content or the whole new one: temp file in the same folder, fsync, rename over the target, fsync of the folder.
 * The target's mode, owner and group are carried over (config.json is 640 avmonitoring:avmonitoring).
 */
final class AtomicFile {
    static final Set<PosixFilePermission> DEFAULT_MODE = PosixFilePermissions.fromString("rw-r-----");
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);
    private static final String TEMP_SUFFIX = ".tmp";

    /** Seam for tests that simulate a crash between the temp write and the rename. */
    interface BeforeRename {
        void run(Path temp) throws IOException;
    }

    private AtomicFile() {
    }

    static void write(Path target, byte[] content) throws IOException {
        write(target, content, temp -> { });
    }

    static void write(Path target, byte[] content, BeforeRename beforeRename) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, tempPrefix(target), TEMP_SUFFIX);
        boolean moved = false;
        try {
            copyAttributes(target, temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            beforeRename.run(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Temp files left by a crash before the rename; they are never read, only removed. */
    static List<Path> leftovers(Path target) throws IOException {
        List<Path> found = new ArrayList<>();
        Path dir = target.toAbsolutePath().getParent();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, tempPrefix(target) + "*" + TEMP_SUFFIX)) {
            ds.forEach(found::add);
        }
        return found;
    }

    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    private static void copyAttributes(Path from, Path to) throws IOException {
        PosixFileAttributeView toView = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (toView == null) {
            return;
        }
        if (!Files.exists(from)) {
            toView.setPermissions(DEFAULT_MODE);
            return;
        }
        PosixFileAttributes attrs = Files.readAttributes(from, PosixFileAttributes.class);
        toView.setPermissions(attrs.permissions());
        PosixFileAttributes tempAttrs = toView.readAttributes();
        try {
            if (!tempAttrs.group().equals(attrs.group())) {
                toView.setGroup(attrs.group());
            }
            if (!tempAttrs.owner().equals(attrs.owner())) {
                toView.setOwner(attrs.owner());
            }
        } catch (IOException e) {
            // Only root may give a file away; the service user rewriting its own file never gets here.
            LOG.warn("{}: could not keep owner {}:{} on rewrite ({}); the file now belongs to {}:{}", from,
                    attrs.owner().getName(), attrs.group().getName(), e.getMessage(), tempAttrs.owner().getName(),
                    tempAttrs.group().getName());
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory; the rename itself is still atomic.
            LOG.debug("fsync of directory {} not supported: {}", dir, e.getMessage());
        }
    }
}
