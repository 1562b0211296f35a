package kz.qaqpa.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A zip written byte by byte, for what ZipOutputStream never writes: a second entry of one name, sizes and CRCs that
 * lie, and entries that inflate to a gigabyte from a megabyte (a zip bomb, made without deflating its
 * gigabyte), an entry the directory does not list, a directory in another order than the entries, bytes after the
 * end record. Local headers and the central directory name the same sizes; no ZIP64, so below 4 GiB.
 */
final class RawZip {
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    /** General purpose flag bit 11: the names are UTF-8. */
    private static final int UTF8 = 0x0800;
    private static final int MIB = 1 << 20;
    private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
    private final java.util.List<byte[]> directory = new java.util.ArrayList<>();
    private int count;
    private byte[] tail = new byte[0];

    /** An entry as it is, with its true size and CRC. */
    RawZip stored(String name, byte[] bytes) {
        return entry(name, STORED, bytes, crc(bytes), bytes.length);
    }

    /** An entry of {@code mib} MiB of zero bytes, deflated to about a thousandth, declaring {@code declaredSize}. */
    RawZip zeros(String name, int mib, long declaredSize) {
        return entry(name, DEFLATED, deflatedZeros(mib), zerosCrc(mib), declaredSize);
    }

    /** An entry of {@code bytes} that declares {@code declaredSize} bytes (its CRC is theirs). */
    RawZip declaring(String name, byte[] bytes, long declaredSize) {
        return entry(name, STORED, bytes, crc(bytes), declaredSize);
    }

    /** An entry whose local header and data are in the file but which the central directory does not list. */
    RawZip hidden(String name, byte[] bytes) {
        int listed = directory.size();
        entry(name, STORED, bytes, crc(bytes), bytes.length);
        directory.remove(listed);
        count--;
        return this;
    }

    /** The central directory listing the entries in the reverse of their order in the file. */
    RawZip directoryReversed() {
        java.util.Collections.reverse(directory);
        return this;
    }

    /** {@code bytes} after the end record. */
    RawZip appended(byte[] bytes) {
        tail = bytes.clone();
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        zip.writeBytes(entries.toByteArray());
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        directory.forEach(listed::writeBytes);
        zip.writeBytes(listed.toByteArray());
        zip.writeBytes(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count)
                .putShort((short) count).putInt(listed.size()).putInt(entries.size()).putShort((short) 0).array());
        zip.writeBytes(tail);
        return zip.toByteArray();
    }

    private RawZip entry(String name, int method, byte[] data, long crc, long size) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int offset = entries.size();
        entries.writeBytes(le(30 + n.length).putInt(0x04034b50).putShort((short) 20).putShort((short) UTF8)
                .putShort((short) method).putShort((short) 0).putShort((short) 0x21).putInt((int) crc)
                .putInt(data.length).putInt((int) size).putShort((short) n.length).putShort((short) 0).put(n).array());
        entries.writeBytes(data);
        directory.add(le(46 + n.length).putInt(0x02014b50).putShort((short) 20).putShort((short) 20)
                .putShort((short) UTF8).putShort((short) method).putShort((short) 0).putShort((short) 0x21)
                .putInt((int) crc).putInt(data.length).putInt((int) size).putShort((short) n.length)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt(offset).put(n).array());
        count++;
        return this;
    }

    /**
     * Raw deflate of {@code mib} MiB of zeros: the first MiB, then the same block for each further one (after a sync
     * flush the window holds zeros only, so every further MiB deflates to the same bytes), then the end.
     */
    private static byte[] deflatedZeros(int mib) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] first = flushed(deflater);
        byte[] next = flushed(deflater);
        deflater.finish();
        ByteArrayOutputStream end = new ByteArrayOutputStream();
        byte[] buffer = new byte[64];
        while (!deflater.finished()) {
            end.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(first);
        for (int i = 1; i < mib; i++) {
            all.writeBytes(next);
        }
        all.writeBytes(end.toByteArray());
        return all.toByteArray();
    }

    private static byte[] flushed(Deflater deflater) {
        deflater.setInput(new byte[MIB]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH); n > 0;
             n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static long zerosCrc(int mib) {
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[MIB];
        for (int i = 0; i < mib; i++) {
            crc.update(zeros);
        }
        return crc.getValue();
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
