package kz.qaqpa.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip's local headers held against its central directory. The verifier reads an export or an archive file through
 * the central directory ({@link ZipFile}, as unzip tools do); a streaming reader ({@code ZipInputStream}, a pipe
 * through {@code bsdtar}) reads the local headers in file order instead. A file whose two disagree shows the verified
 * content to one and other content to the other: an entry hidden between the listed ones, a local header naming
 * another entry, method or size, the entries out of the directory's order, bytes before the first entry, between
 * two, or after the end record. Decided (ours): the directory is what is verified, and a file is read only when its
 * local headers say the same: every byte up to the directory belongs, in order, to the entries it lists, each once,
 * and the end record closes the file. The zips Qaqpa writes ({@code ZipOutputStream}) are laid out so.
 */
final class ZipLayout {
    private static final int LOCAL = 0x04034b50;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final int END = 0x06054b50;
    private static final int END64 = 0x06064b50;
    private static final int END64_LOCATOR = 0x07064b50;
    private static final int LOCAL_BYTES = 30;
    private static final int END_BYTES = 22;
    private static final int MAX_COMMENT = 0xffff;
    /** General purpose flag bit 3: the sizes and CRC follow the data in a descriptor. */
    private static final int HAS_DESCRIPTOR = 0x8;
    private static final long UNSIGNED_INT = 0xffffffffL;

    private ZipLayout() {
    }

    /** What makes {@code file}'s local headers disagree with its central directory ({@code zip}), or empty. */
    static Optional<String> disagreement(Path file, ZipFile zip) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long directory = directoryStart(in);
            if (directory < 0) {
                return Optional.of("the zip's end record is not where the file ends: bytes were appended, or it was"
                        + " cut");
            }
            Set<String> names = new HashSet<>();
            long at = 0;
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                ZipEntry e = all.nextElement();
                if (!names.add(e.getName())) {
                    return Optional.of("the zip holds two entries named " + ExportEntries.quoted(e.getName())
                            + ": which one is read depends on the tool");
                }
                long next = at < directory ? entryEnd(in, at, e) : -1;
                if (next < 0 || next > directory) {
                    return Optional.of("the zip's local header at byte " + at + " is not the one its central"
                            + " directory lists there (" + ExportEntries.quoted(e.getName()) + "): a reader going"
                            + " through the file would see other entries than the verifier");
                }
                at = next;
            }
            return at == directory ? Optional.empty() : Optional.of("the zip holds " + (directory - at) + " bytes"
                    + " after its last listed entry that its central directory does not list: an entry hidden from"
                    + " the verifier");
        }
    }

    /**
     * Where the entry {@code e}, whose local header should begin at {@code at}, ends (its data descriptor included),
     * or -1 when the local header is not {@code e}'s as the directory lists it.
     */
    private static long entryEnd(FileChannel in, long at, ZipEntry e) throws IOException {
        ByteBuffer head = read(in, at, LOCAL_BYTES);
        if (head == null || head.getInt(0) != LOCAL) {
            return -1;
        }
        int flags = Short.toUnsignedInt(head.getShort(6));
        int nameLength = Short.toUnsignedInt(head.getShort(26));
        int extraLength = Short.toUnsignedInt(head.getShort(28));
        ByteBuffer name = read(in, at + LOCAL_BYTES, nameLength);
        if (name == null || Short.toUnsignedInt(head.getShort(8)) != e.getMethod()
                || !Arrays.equals(name.array(), e.getName().getBytes(StandardCharsets.UTF_8))) {
            return -1;
        }
        long dataEnd = at + LOCAL_BYTES + nameLength + extraLength + e.getCompressedSize();
        if ((flags & HAS_DESCRIPTOR) == 0) {
            boolean same = Integer.toUnsignedLong(head.getInt(14)) == e.getCrc()
                    && Integer.toUnsignedLong(head.getInt(18)) == e.getCompressedSize()
                    && Integer.toUnsignedLong(head.getInt(22)) == e.getSize();
            return same ? dataEnd : -1;
        }
        return descriptorEnd(in, dataEnd, e);
    }

    /** The end of the data descriptor at {@code at} (signature optional, sizes of 4 or 8 bytes), or -1. */
    private static long descriptorEnd(FileChannel in, long at, ZipEntry e) throws IOException {
        ByteBuffer d = read(in, at, 24);
        if (d == null) {
            d = read(in, at, 12);
            if (d == null) {
                return -1;
            }
        }
        int start = d.getInt(0) == DESCRIPTOR ? 4 : 0;
        if (d.capacity() < start + 12 || Integer.toUnsignedLong(d.getInt(start)) != e.getCrc()) {
            return -1;
        }
        if (Integer.toUnsignedLong(d.getInt(start + 4)) == e.getCompressedSize()
                && Integer.toUnsignedLong(d.getInt(start + 8)) == e.getSize()) {
            return at + start + 12;
        }
        if (d.capacity() >= start + 20 && d.getLong(start + 4) == e.getCompressedSize()
                && d.getLong(start + 12) == e.getSize()) {
            return at + start + 20;
        }
        return -1;
    }

    /**
     * Where the central directory begins, by the end record that closes the file (its comment reaching the last
     * byte), through the ZIP64 end record when there is one; -1 when no end record closes the file.
     */
    private static long directoryStart(FileChannel in) throws IOException {
        long size = in.size();
        int tail = (int) Math.min(size, END_BYTES + MAX_COMMENT);
        ByteBuffer last = read(in, size - tail, tail);
        for (int i = tail - END_BYTES; i >= 0; i--) {
            if (last.getInt(i) == END && i + END_BYTES + Short.toUnsignedInt(last.getShort(i + 20)) == tail) {
                long end = size - tail + i;
                ByteBuffer locator = end >= 20 ? read(in, end - 20, 20) : null;
                if (locator != null && locator.getInt(0) == END64_LOCATOR) {
                    ByteBuffer end64 = read(in, locator.getLong(8), 56);
                    return end64 != null && end64.getInt(0) == END64 ? end64.getLong(48) : -1;
                }
                long start = Integer.toUnsignedLong(last.getInt(i + 16));
                return start == UNSIGNED_INT ? -1 : start;
            }
        }
        return -1;
    }

    /** {@code length} bytes at {@code at}, little-endian; null when the file ends before. */
    private static ByteBuffer read(FileChannel in, long at, int length) throws IOException {
        if (at < 0 || at + length > in.size()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (in.read(b, at + b.position()) < 0) {
                return null;
            }
        }
        return b;
    }
}
