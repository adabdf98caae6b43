package org.avmonitoring.agent.reporter.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.avmonitoring.agent.testing.support.TestLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxStoreTest {
    @TempDir
    Path dir;

    private static byte[] payload(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> contents(OutboxStore store) throws IOException {
        List<String> out = new ArrayList<>();
        for (String k : store.keys()) {
            out.add(new String(store.read(k), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void keepsOrderAcrossReopenAndContinuesTheSequence() throws IOException {
        OutboxStore store = new OutboxStore(dir, 1 << 20);
        store.append(payload("a"));
        store.append(payload("b"));
        OutboxStore reopened = new OutboxStore(dir, 1 << 20);
        reopened.append(payload("c"));
        assertEquals(List.of("a", "b", "c"), contents(reopened));
        assertEquals(3, reopened.batches());
        assertEquals(3 * (12 + 1), reopened.bytes());
    }

    @Test
    void removeDeletesTheFile() throws IOException {
        OutboxStore store = new OutboxStore(dir, 1 << 20);
        String k = store.append(payload("a"));
        store.remove(k);
        assertEquals(0, store.batches());
        assertEquals(0, new OutboxStore(dir, 1 << 20).batches());
    }

    @Test
    void interruptedWriteIsDiscardedWithALogLine() throws IOException {
        OutboxStore store = new OutboxStore(dir, 1 << 20);
        store.append(payload("a"));
        Files.write(dir.resolve("00000000000000000001.tmp"), payload("half a batch"));
        OutboxStore reopened = new OutboxStore(dir, 1 << 20);
        assertEquals(List.of("a"), contents(reopened));
        assertTrue(Files.notExists(dir.resolve("00000000000000000001.tmp")));
        assertTrue(TestLog.contains("discarding 00000000000000000001.tmp: an interrupted write"));
    }

    @Test
    void tornLastRecordIsDiscardedAndTheOthersKept() throws IOException {
        OutboxStore store = new OutboxStore(dir, 1 << 20);
        store.append(payload("first batch"));
        String last = store.append(payload("second batch, torn by a crash"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(last + OutboxStore.SUFFIX).toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        OutboxStore reopened = new OutboxStore(dir, 1 << 20);
        assertEquals(List.of("first batch"), contents(reopened));
        assertTrue(TestLog.contains("discarding " + last + ".batch: torn record"));
    }

    @Test
    void fileShorterThanTheHeaderIsDiscarded() throws IOException {
        Files.write(dir.resolve("00000000000000000007.batch"), new byte[] {0x41, 0x56});
        OutboxStore store = new OutboxStore(dir, 1 << 20);
        assertEquals(0, store.batches());
        assertTrue(Files.notExists(dir.resolve("00000000000000000007.batch")));
        assertTrue(TestLog.contains("discarding 00000000000000000007.batch: torn record"));
    }

    @Test
    void damagedPayloadFailsItsCrcOnRead() throws IOException {
        OutboxStore store = new OutboxStore(dir, 1 << 20);
        String k = store.append(payload("some results"));
        Path f = dir.resolve(k + OutboxStore.SUFFIX);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 1] ^= 0x20;
        Files.write(f, bytes);
        OutboxStore.CorruptBatchException e = assertThrows(OutboxStore.CorruptBatchException.class,
                () -> new OutboxStore(dir, 1 << 20).read(k));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void overTheCapTheOldestAreDroppedAndCountedUntilReported() throws IOException {
        // each batch is 12 + 100 bytes; the cap holds three
        OutboxStore store = new OutboxStore(dir, 3 * 112);
        for (int i = 0; i < 5; i++) {
            store.append(payload(String.format("%-100d", i)));
        }
        assertEquals(3, store.batches());
        assertEquals(List.of("2", "3", "4"), contents(store).stream().map(String::trim).toList());
        assertEquals(2, store.droppedTotal());
        assertEquals(2, store.unreportedDrops());
        assertEquals(2, new OutboxStore(dir, 3 * 112).unreportedDrops(), "a restart still knows what to report");
        store.dropsReported(2);
        assertEquals(0, store.unreportedDrops());
        assertEquals(2, store.droppedTotal());
        assertEquals(0, new OutboxStore(dir, 3 * 112).unreportedDrops());
    }

    @Test
    void theBatchInFlightIsNotTheOneDroppedByTheCap() throws IOException {
        OutboxStore store = new OutboxStore(dir, 2 * 112);
        String first = store.append(payload(String.format("%-100d", 0)));
        store.append(payload(String.format("%-100d", 1)));
        assertEquals(first, store.oldest().orElseThrow());
        store.append(payload(String.format("%-100d", 2)));
        assertEquals(List.of("0", "2"), contents(store).stream().map(String::trim).toList());
    }

    @Test
    void splitPartsTakeTheOriginalsPlaceInTheOrder() throws IOException {
        OutboxStore store = new OutboxStore(dir, 1 << 20);
        store.append(payload("a"));
        String big = store.append(payload("big"));
        store.append(payload("c"));
        store.replace(big, List.of(payload("b1"), payload("b2")));
        assertEquals(List.of("a", "b1", "b2", "c"), contents(store));
        String b1 = store.keys().get(1);
        store.replace(b1, List.of(payload("b1.1"), payload("b1.2")));
        assertEquals(List.of("a", "b1.1", "b1.2", "b2", "c"), contents(new OutboxStore(dir, 1 << 20)));
        assertArrayEquals(payload("c"), store.read(store.keys().get(4)));
    }
}
