package org.avmonitoring.agent.reporter.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox: one file per batch under {@code <data dir>/outbox}, named so that name order is send order.
 * <p>
 * A batch is written to a temp file, fsync'd, renamed into place and the folder fsync'd, so after {@code kill -9} or
 * a power cut a batch file is either complete or absent; a leftover temp file is an interrupted write and is
 * discarded. Each file is framed (magic, length, CRC-32) so that a damaged one is recognised, logged and discarded
 * rather than sent or allowed to stop the agent.
 * <p>
 * Bounded: past {@code capBytes} the oldest batches are deleted and counted; the count not yet reported to the
 * backend is kept for the next payload, in a small file so that a restart does not forget it.
 */
final class OutboxStore {
    static final String SUFFIX = ".batch";
    private static final String TEMP_SUFFIX = ".tmp";
    /** Drops not yet reported to the backend, as decimal text. */
    private static final String DROPS_FILE = "unreported-drops";
    private static final int MAGIC = 0x41564f42; // "AVOB"
    private static final int HEADER = 12;
    /** No single batch is larger than this; a bigger length field is damage. */
    private static final int MAX_PAYLOAD = 256 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxStore.class);

    /** A batch file that cannot be trusted. */
    static final class CorruptBatchException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptBatchException(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final long capBytes;
    /** File stem → size on disk, in send order. */
    private final TreeMap<String, Long> batches = new TreeMap<>();
    private long nextSeq;
    private long totalBytes;
    private long droppedTotal;
    private long unreportedDrops;
    private String inFlight;

    OutboxStore(Path dir, long capBytes) throws IOException {
        this.dir = dir;
        this.capBytes = capBytes;
        Files.createDirectories(dir);
        scan();
        unreportedDrops = loadDrops();
    }

    private long loadDrops() {
        Path f = dir.resolve(DROPS_FILE);
        try {
            return Files.exists(f) ? Math.max(0, Long.parseLong(Files.readString(f).trim())) : 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("outbox: {} is unreadable ({}): the count of dropped batches not yet reported restarts at 0", f,
                    e.toString());
            return 0;
        }
    }

    /** Temp file and rename (no fsync: losing the last increments in a power cut is acceptable for a counter). */
    private void storeDrops() {
        Path f = dir.resolve(DROPS_FILE);
        Path temp = dir.resolve(DROPS_FILE + TEMP_SUFFIX);
        try {
            if (unreportedDrops == 0) {
                Files.deleteIfExists(f);
            } else {
                Files.writeString(temp, Long.toString(unreportedDrops));
                Files.move(temp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("outbox: cannot record the count of dropped batches in {}: {}", f, e.toString());
        }
    }

    Path dir() {
        return dir;
    }

    /** Reads the folder: keeps complete-looking batches, discards interrupted writes and damaged frames. */
    private void scan() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    LOG.warn("outbox: discarding {}: an interrupted write (the agent stopped while storing a batch)", name);
                    Files.deleteIfExists(f);
                } else if (name.endsWith(SUFFIX)) {
                    String stem = name.substring(0, name.length() - SUFFIX.length());
                    try {
                        long size = checkFrame(f);
                        batches.put(stem, size);
                        totalBytes += size;
                    } catch (CorruptBatchException e) {
                        LOG.warn("outbox: discarding {}: {}", name, e.getMessage());
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        for (String stem : batches.keySet()) {
            nextSeq = Math.max(nextSeq, sequenceOf(stem) + 1);
        }
        if (!batches.isEmpty()) {
            LOG.info("outbox: {} batches ({} bytes) waiting to be sent from {}", batches.size(), totalBytes, dir);
        }
    }

    private static long sequenceOf(String stem) {
        int dot = stem.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? stem : stem.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Header and size only (cheap at start-up); the CRC is checked when the batch is read. */
    private static long checkFrame(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // read the whole header
            }
            if (head.hasRemaining()) {
                throw new CorruptBatchException("torn record: " + size + " bytes, shorter than the frame header");
            }
            head.flip();
            if (head.getInt() != MAGIC) {
                throw new CorruptBatchException("not an outbox batch (bad magic)");
            }
            int length = head.getInt();
            if (length < 0 || length > MAX_PAYLOAD || size != HEADER + (long) length) {
                throw new CorruptBatchException("torn record: frame says " + length + " bytes of payload, file has "
                        + (size - HEADER));
            }
            return size;
        }
    }

    /** Stores a batch durably and returns its key; may drop the oldest batches to stay under the cap. */
    synchronized String append(byte[] payload) throws IOException {
        String stem = String.format("%020d", nextSeq++);
        write(stem, payload);
        enforceCap();
        return stem;
    }

    /**
     * Replaces one batch by several that take its place in the order (a batch the backend found too large, split).
     * The parts are written before the original is removed: a crash in between re-sends, never loses.
     */
    synchronized void replace(String key, List<byte[]> parts) throws IOException {
        for (int i = 0; i < parts.size(); i++) {
            write(key + "." + (i + 1), parts.get(i));
        }
        remove(key);
    }

    private void write(String stem, byte[] payload) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer head = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(payload.length).putInt((int) crc.getValue());
        head.flip();
        Path temp = dir.resolve(stem + TEMP_SUFFIX);
        Path target = dir.resolve(stem + SUFFIX);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer body = ByteBuffer.wrap(payload);
            while (head.hasRemaining() || body.hasRemaining()) {
                ch.write(new ByteBuffer[] {head, body});
            }
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDir();
        long size = HEADER + (long) payload.length;
        batches.put(stem, size);
        totalBytes += size;
    }

    /** Makes the rename durable (a directory entry is only on disk once the directory is synced). */
    private void syncDir() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("outbox: cannot fsync folder {}: {}", dir, e.toString());
        }
    }

    private void enforceCap() throws IOException {
        while (totalBytes > capBytes && batches.size() > 1) {
            String victim = batches.firstKey();
            if (victim.equals(inFlight)) {
                victim = batches.higherKey(victim);
            }
            deleteFile(victim);
            droppedTotal++;
            unreportedDrops++;
            LOG.warn("outbox: over its cap of {} bytes: dropped the oldest batch {} ({} dropped since start)",
                    capBytes, victim, droppedTotal);
            storeDrops();
        }
    }

    /** The oldest batch, which becomes the one in flight (protected from the cap until removed). */
    synchronized Optional<String> oldest() {
        inFlight = batches.isEmpty() ? null : batches.firstKey();
        return Optional.ofNullable(inFlight);
    }

    /** The payload of a batch, its frame and CRC checked. */
    byte[] read(String key) throws IOException {
        Path f = dir.resolve(key + SUFFIX);
        byte[] all;
        try {
            all = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw new CorruptBatchException("the file disappeared");
        }
        ByteBuffer buf = ByteBuffer.wrap(all);
        if (all.length < HEADER || buf.getInt() != MAGIC) {
            throw new CorruptBatchException("bad frame header");
        }
        int length = buf.getInt();
        int expectedCrc = buf.getInt();
        if (length != all.length - HEADER) {
            throw new CorruptBatchException("torn record: frame says " + length + " bytes, file has " + (all.length - HEADER));
        }
        CRC32 crc = new CRC32();
        crc.update(all, HEADER, length);
        if ((int) crc.getValue() != expectedCrc) {
            throw new CorruptBatchException("CRC mismatch (the file was damaged on disk)");
        }
        byte[] payload = new byte[length];
        System.arraycopy(all, HEADER, payload, 0, length);
        return payload;
    }

    /** Deletes a batch (sent, or found corrupt); unknown keys are ignored. */
    synchronized void remove(String key) throws IOException {
        if (batches.containsKey(key)) {
            deleteFile(key);
        }
        if (key.equals(inFlight)) {
            inFlight = null;
        }
    }

    /** Deletes a batch the backend will never take, counting it as dropped. */
    synchronized void drop(String key) throws IOException {
        if (batches.containsKey(key)) {
            deleteFile(key);
            droppedTotal++;
            unreportedDrops++;
            storeDrops();
        }
        if (key.equals(inFlight)) {
            inFlight = null;
        }
    }

    private void deleteFile(String key) throws IOException {
        Long size = batches.remove(key);
        totalBytes -= size == null ? 0 : size;
        Files.deleteIfExists(dir.resolve(key + SUFFIX));
    }

    synchronized long batches() {
        return batches.size();
    }

    synchronized long bytes() {
        return totalBytes;
    }

    synchronized long droppedTotal() {
        return droppedTotal;
    }

    /** Drops the backend has not been told of yet. */
    synchronized long unreportedDrops() {
        return unreportedDrops;
    }

    /** The backend stored a payload that reported {@code n} drops. */
    synchronized void dropsReported(long n) {
        if (n > 0) {
            unreportedDrops = Math.max(0, unreportedDrops - n);
            storeDrops();
        }
    }

    /** Keys in send order (tests and diagnostics). */
    synchronized List<String> keys() {
        return List.copyOf(batches.keySet());
    }
}
