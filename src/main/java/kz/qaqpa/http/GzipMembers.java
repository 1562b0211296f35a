package kz.qaqpa.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * A gzip-encoded body inflated (RFC 1952): a series of members, each read with its header, its deflate data and its
 * trailer (CRC-32 and length checked), every member's data in turn, as RFC 1952 2.2 says a gzip file is. Bytes after a
 * member that do not start another are refused (SCE001): the JDK's {@code GZIPInputStream} stops there and drops them,
 * so a body could carry bytes that a reader in front of the gateway reads otherwise (attack54's Left, attack55).
 */
final class GzipMembers extends InputStream {
    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int DEFLATE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    /** Flag bits RFC 1952 2.3.1 reserves: must be zero. */
    private static final int RESERVED = 0xe0;
    /** MTIME (4), XFL, OS. */
    private static final int FIXED_AFTER_FLAGS = 6;
    private static final int BUFFER = 8 * 1024;

    private final PushbackInputStream in;
    private final byte[] buffer = new byte[BUFFER];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    /** How many bytes of {@link #buffer} the inflater was last given. */
    private int filled;
    private boolean ended;

    GzipMembers(InputStream body) throws IOException {
        this.in = new PushbackInputStream(body, BUFFER);
        try {
            readHeader(); // as GZIPInputStream: a body that is no gzip is told at once
        } catch (IOException | RuntimeException e) {
            inflater.end(); // no stream for the caller to close: zlib's memory freed now, not by the collector (review55b)
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!ended) {
            int inflated = inflate(into, offset, length);
            if (inflated > 0) {
                crc.update(into, offset, inflated);
                return inflated;
            }
            if (inflater.finished()) {
                endMember();
            } else if (inflater.needsInput()) {
                fill();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("a gzip member asks for a preset dictionary");
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    private int inflate(byte[] into, int offset, int length) throws ZipException {
        try {
            return inflater.inflate(into, offset, length);
        } catch (DataFormatException e) {
            throw new ZipException("gzip data: " + e.getMessage());
        }
    }

    private void fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read < 0) {
            throw new EOFException("the gzip data ends before its member does");
        }
        filled = read;
        inflater.setInput(buffer, 0, read);
    }

    /** The member's trailer checked; then the body ends, or another member starts, or the rest is refused. */
    private void endMember() throws IOException {
        int remaining = inflater.getRemaining();
        if (remaining > 0) {
            in.unread(buffer, filled - remaining, remaining);
        }
        long size = inflater.getBytesWritten();
        if (readInt() != crc.getValue() || readInt() != (size & 0xffffffffL)) {
            throw new ZipException("a gzip member's CRC-32 or length does not match its data");
        }
        int next = in.read();
        if (next < 0) {
            ended = true;
            return;
        }
        in.unread(next);
        inflater.reset();
        crc.reset();
        readHeader();
    }

    private void readHeader() throws IOException {
        CRC32 headerCrc = new CRC32();
        int id1 = in.read();
        int id2 = in.read();
        if (id1 != ID1 || id2 != ID2) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, id1 < 0 ? "the gzip-encoded body is empty"
                    : "the gzip-encoded body has bytes that are no gzip member (RFC 1952) where one should start");
        }
        headerCrc.update(id1);
        headerCrc.update(id2);
        int method = headerByte(headerCrc);
        int flags = headerByte(headerCrc);
        if (method != DEFLATE || (flags & RESERVED) != 0) {
            throw new ZipException("a gzip member's header names method " + method + " and flags " + flags);
        }
        for (int i = 0; i < FIXED_AFTER_FLAGS; i++) {
            headerByte(headerCrc);
        }
        if ((flags & FEXTRA) != 0) {
            int extra = headerByte(headerCrc) | headerByte(headerCrc) << 8;
            for (int i = 0; i < extra; i++) {
                headerByte(headerCrc);
            }
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated(headerCrc);
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated(headerCrc);
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xffff;
            if ((headerByte(null) | headerByte(null) << 8) != expected) {
                throw new ZipException("a gzip member's header CRC does not match");
            }
        }
    }

    private void skipZeroTerminated(CRC32 headerCrc) throws IOException {
        while (headerByte(headerCrc) != 0) {
            // the file name or comment: not used
        }
    }

    private int headerByte(CRC32 headerCrc) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the gzip data ends inside a member's header or trailer");
        }
        if (headerCrc != null) {
            headerCrc.update(b);
        }
        return b;
    }

    /** A little-endian 32-bit field of the trailer. */
    private long readInt() throws IOException {
        long value = 0;
        for (int shift = 0; shift < Integer.SIZE; shift += Byte.SIZE) {
            value |= (long) headerByte(null) << shift;
        }
        return value;
    }
}
