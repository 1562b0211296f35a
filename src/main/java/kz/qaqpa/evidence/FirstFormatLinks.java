package kz.qaqpa.evidence;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Format /1's links in chain order, in bounded memory whatever their number. The manifest holds them as
 * {@code link.<seq>} = the record's content hash, one per record from the export's first record to the head, in no
 * order (that of Properties.store); read whole they took memory in proportion to the log's length after the
 * application began. Instead the manifest is read once more and each link written to its slot ({@code seq - first})
 * of a temporary file, which the walk then reads in order. There are no more slots than the links the manifest holds
 * (counted by its first read) and one, so a forged head number cannot make the file larger than the manifest; the
 * first slot left empty ends the walk (its link is missing).
 */
final class FirstFormatLinks implements LinkWalk.Links, Closeable {
    private static final String HASH = "[0-9a-f]{64}";
    private static final int HASH_LENGTH = 64;
    /** A flag byte (empty, a hash, or a value that is not one) and the hash's 64 ASCII characters. */
    private static final int SLOT = 1 + HASH_LENGTH;
    private static final byte EMPTY = 0;
    private static final byte PRESENT = 1;
    private static final byte MALFORMED = 2;

    private final Path file;
    private final InputStream in;
    private final long first;
    private final long slots;
    private long next;

    private FirstFormatLinks(Path file, long first, long slots) throws IOException {
        this.file = file;
        this.first = first;
        this.slots = slots;
        this.in = new BufferedInputStream(Files.newInputStream(file));
    }

    /**
     * The links of the export's manifest from record {@code first} to the {@code head}, put in order.
     *
     * @param count how many links the manifest holds
     */
    static FirstFormatLinks of(ExportEntries zip, long first, long head, long count) throws IOException {
        long slots = Math.max(0, Math.min(head - first + 1, count + 1));
        Path file = Files.createTempFile("qaqpa-export-links", ".bin");
        try {
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                Manifest.read(zip.stream(ApplicationExport.MANIFEST), (seq, hash) -> place(out, seq, hash, first,
                        slots), false);
            }
            return new FirstFormatLinks(file, first, slots);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static void place(FileChannel out, String seq, String hash, long first, long slots) throws IOException {
        if (!seq.matches("[0-9]{1,18}") || Long.parseLong(seq) < first || Long.parseLong(seq) - first >= slots) {
            return; // not a link of the walk: never looked up
        }
        ByteBuffer slot = ByteBuffer.allocate(SLOT);
        boolean isHash = hash.matches(HASH);
        slot.put(isHash ? PRESENT : MALFORMED);
        if (isHash) {
            slot.put(hash.getBytes(StandardCharsets.US_ASCII));
        }
        slot.rewind();
        out.write(slot, (Long.parseLong(seq) - first) * SLOT);
    }

    /** The next link as a version-1 line ({@code seq 1 contentHash}); null at the first one missing or the last. */
    @Override
    public String next() throws IOException {
        if (next >= slots) {
            return null;
        }
        byte[] slot = in.readNBytes(SLOT);
        long seq = first + next++;
        if (slot.length < SLOT || slot[0] == EMPTY) {
            return null;
        }
        // a line the walk refuses as malformed, saying what is wrong in the manifest
        return seq + " 1 " + (slot[0] == MALFORMED ? "(" + Manifest.LINK + seq + " is not a SHA-256 hash)"
                : new String(slot, 1, HASH_LENGTH, StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
