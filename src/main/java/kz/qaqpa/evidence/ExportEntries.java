package kz.qaqpa.evidence;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An export's zip as handed to an auditor, read in bounded memory and time whatever it holds. Before anything is
 * read: its local headers must be those its central directory lists ({@link ZipLayout}), every name one an export
 * has ({@code manifest.properties}, {@code links.txt}, {@code messages/<seq>.xml}, {@code certificates/<sha256>.der},
 * {@code parts/<seq>.xml} (format /4, {@link SharedRecords}), and the three folders), each once (a second entry of a name is read by one tool and not by another), each declaring no
 * more than such an entry holds. Then every entry is read as declared: no byte beyond its declared size, its CRC
 * checked at its end, and no more than its kind holds (a message as much as the log keeps, store V11; a certificate
 * 64 KiB); the manifest and the links, which are read as they stream, no more than ten times their compressed size (hashes
 * do not compress tenfold; a zip bomb inflates a thousandfold) and no line longer than {@link #LINE_LIMIT}. What breaks
 * a rule is {@link BadEntry}.
 */
final class ExportEntries implements Closeable {
    static final String MESSAGES = "messages/";
    static final String CERTIFICATES = "certificates/";
    private static final String XML = ".xml";
    private static final String DER = ".der";
    /** The longest message the log keeps (message_chain.message_large, store V11). */
    static final long MESSAGE_LIMIT = 16L << 20;
    static final long CERTIFICATE_LIMIT = 64L << 10;
    /** An RFC 3161 token: the authority's signature and certificate, a few kilobytes. */
    static final long STAMP_LIMIT = 64L << 10;
    /** The manifest's and the links' bytes at most, per compressed byte, and at least this many whatever they take. */
    private static final long STREAMED_RATIO = 10;
    private static final long STREAMED_FLOOR = 16L << 20;
    /**
     * A line of the manifest or the links at most: the longest are a manifest's list of records (some 8 bytes a
     * record: 130,000 records) and the link of a poll's answer naming 100 applications (7 KB).
     */
    static final long LINE_LIMIT = 1L << 20;
    private static final String MESSAGE = "messages/[1-9][0-9]{0,18}\\.xml";
    private static final String PART = "parts/[1-9][0-9]{0,18}\\.xml";
    private static final String CERTIFICATE = "certificates/[0-9a-f]{64}\\.der";

    private final Path file;
    private final ZipFile zip;
    private final Map<String, byte[]> certificates = new HashMap<>();

    private ExportEntries(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    /** An entry that is not as an export's is: named on the verdict, which is BAD. */
    static final class BadEntry extends IOException {
        BadEntry(String message) {
            super(message);
        }
    }

    /** @throws java.util.zip.ZipException if the file is no zip */
    static ExportEntries open(Path file) throws IOException {
        return new ExportEntries(file, new ZipFile(file.toFile()));
    }

    boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /**
     * Its local headers as its central directory lists them ({@link ZipLayout}), every entry's name, once each, and
     * its declared size: the first that is not as an export's, or empty.
     */
    Optional<String> layoutProblem() throws IOException {
        Optional<String> disagreement = ZipLayout.disagreement(file, zip);
        if (disagreement.isPresent()) {
            return disagreement;
        }
        for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
            ZipEntry e = all.nextElement();
            String name = e.getName();
            if (!name.equals(ApplicationExport.MANIFEST) && !name.equals(ApplicationExport.LINKS)
                    && !name.equals(ApplicationExport.STAMP) && !name.equals(MESSAGES) && !name.equals(CERTIFICATES)
                    && !name.equals(SharedRecords.PARTS) && !name.matches(MESSAGE) && !name.matches(CERTIFICATE)
                    && !name.matches(PART)) {
                return Optional.of("the export holds an entry named " + quoted(name) + ", which no export has");
            }
            long limit = limit(e);
            if (e.getSize() > limit) {
                return Optional.of(quoted(name) + " declares " + e.getSize() + " bytes, more than such an entry"
                        + " holds (" + limit + ")");
            }
        }
        return Optional.empty();
    }

    /** The entry of record {@code seq}'s message. */
    static String messageName(long seq) {
        return MESSAGES + seq + XML;
    }

    /** The entry of the application's part of withheld record {@code seq} ({@link SharedRecords}). */
    static String partName(long seq) {
        return SharedRecords.PARTS + seq + XML;
    }

    /** The entry of the signer certificate whose SHA-256 is {@code sha256}. */
    static String certificateName(String sha256) {
        return CERTIFICATES + sha256 + DER;
    }

    /** A message's bytes; null when the export has none for record {@code seq}. */
    byte[] message(long seq) throws IOException {
        return bytes(messageName(seq));
    }

    /** The records whose part ({@link SharedRecords#PARTS}) the export holds, by number. */
    java.util.SortedSet<Long> parts() {
        java.util.SortedSet<Long> parts = new java.util.TreeSet<>();
        for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
            String name = all.nextElement().getName();
            if (name.matches(PART)) {
                parts.add(Long.parseLong(name.substring(SharedRecords.PARTS.length(), name.length() - XML.length())));
            }
        }
        return parts;
    }

    /** A withheld record's part's bytes; null when the export has none for record {@code seq}. */
    byte[] part(long seq) throws IOException {
        return bytes(partName(seq));
    }

    /** A certificate's bytes (read once); null when the export has none of that hash. */
    byte[] certificate(String sha256) throws IOException {
        String name = certificateName(sha256);
        if (!name.matches(CERTIFICATE)) {
            return null;
        }
        byte[] known = certificates.get(name);
        if (known == null && has(name)) {
            known = bytes(name);
            certificates.put(name, known);
        }
        return known;
    }

    /** The export's time-stamp token; null when it has none. */
    byte[] stamp() throws IOException {
        return bytes(ApplicationExport.STAMP);
    }

    /** The manifest or the links, streamed within their bounds. */
    InputStream stream(String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        return new Lines(new Declared(e, zip.getInputStream(e), limit(e)), name);
    }

    private byte[] bytes(String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            return null;
        }
        try (InputStream in = new Declared(e, zip.getInputStream(e), limit(e))) {
            return in.readAllBytes();
        }
    }

    /** How many bytes the entry may hold, by its kind. */
    private static long limit(ZipEntry e) {
        String name = e.getName();
        if (name.startsWith(MESSAGES) || name.startsWith(SharedRecords.PARTS)) {
            return MESSAGE_LIMIT;
        }
        if (name.startsWith(CERTIFICATES)) {
            return CERTIFICATE_LIMIT;
        }
        if (name.equals(ApplicationExport.STAMP)) {
            return STAMP_LIMIT;
        }
        return Math.max(STREAMED_FLOOR, STREAMED_RATIO * Math.max(0, e.getCompressedSize()));
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** A name as the verdict shows it: cut, and no character that a terminal would act on. */
    static String quoted(String name) {
        return "'" + Verdict.printable(name.length() > 200 ? name.substring(0, 200) + "..." : name) + "'";
    }

    /** An entry's bytes, no more than it declares nor than {@code limit}, its size and CRC checked at its end. */
    /** A filter whose every byte, one at a time or skipped, passes the {@code read(byte[], int, int)} it overrides. */
    private abstract static class Checked extends FilterInputStream {
        Checked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.max(0, Math.min(n, 8192))]));
        }
    }

    private static final class Declared extends Checked {
        private final ZipEntry entry;
        private final long limit;
        private final CRC32 crc = new CRC32();
        private long count;

        Declared(ZipEntry entry, InputStream in, long limit) {
            super(in);
            this.entry = entry;
            this.limit = entry.getSize() >= 0 ? Math.min(limit, entry.getSize()) : limit;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // one byte more than allowed may be asked for, to tell an entry that is longer
            int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
            if (n < 0) {
                if (entry.getSize() >= 0 && count != entry.getSize() || entry.getCrc() >= 0
                        && crc.getValue() != entry.getCrc()) {
                    throw new BadEntry(quoted(entry.getName()) + " is not the entry its zip declares (" + count
                            + " bytes read, " + entry.getSize() + " declared, or another CRC)");
                }
                return n;
            }
            count += n;
            if (count > limit) {
                throw new BadEntry(quoted(entry.getName()) + " holds more than " + (limit == entry.getSize()
                        ? "the " + entry.getSize() + " bytes it declares" : limit + " bytes, more than such an entry"
                        + " holds") + ": nothing more of it is read");
            }
            crc.update(b, off, n);
            return n;
        }
    }

    /**
     * No logical line longer than {@link #LINE_LIMIT}: a line of a properties file goes on past a line end escaped
     * with a backslash, and the reader holds a line whole.
     */
    private static final class Lines extends Checked {
        private final String name;
        private long line;
        private boolean escaped;
        /** The last byte was a carriage return after a backslash: a line feed now belongs to that line end. */
        private boolean escapedReturn;

        Lines(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                boolean end = (b[i] == '\n' || b[i] == '\r') && !escaped && !(b[i] == '\n' && escapedReturn);
                escapedReturn = b[i] == '\r' && escaped;
                escaped = b[i] == '\\' && !escaped;
                line = end ? 0 : line + 1;
                if (line > LINE_LIMIT) {
                    throw new BadEntry(quoted(name) + " has a line longer than " + LINE_LIMIT + " bytes, which no"
                            + " export has: nothing more of it is read");
                }
            }
            return n;
        }
    }
}
