package kz.qaqpa.evidence;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import kz.qaqpa.store.ChainRecord;

/**
 * One archive file of the message log ({@link MessageLogArchive} writes it with an {@link ArchiveWriter},
 * {@link ArchiveCheck} verifies it): the records {@code first..last} as a zip that verifies with the trusted roots
 * alone, in the export's terms
 * ({@link ApplicationExport}): {@code messages/<seq>.xml} (each message byte for byte),
 * {@code certificates/<sha256>.der}
 * (their signers), and, instead of one manifest holding every record (a file of 50,000 records would be read whole),
 * {@code records/<seq>.properties} with the record's logged fields, prevHash and hash as an export's manifest names
 * them. {@code manifest.properties}, written after them, names the format, the first record and its prevHash, the last
 * record and its hash, and the previous file's seal; the file's seal over the manifest and its time-stamp close it
 * ({@link ArchiveSeal}; format /1, written before seals, has none). The file is named by its range
 * ({@code message-log-<first>-<last>.zip}, 19 digits each), so that the names sort in chain order; files of other
 * names in the directory do not count.
 *
 * <p>An instance is such a file opened for reading ({@link #open}): its manifest, and any of its records by number.
 */
final class ArchiveFile implements Closeable {
    static final String FORMAT = "qaqpa-message-log-archive/2";
    /** Written before the files were sealed: verified by their chain alone. */
    static final String FORMAT_UNSEALED = "qaqpa-message-log-archive/1";
    private static final Pattern NAME = Pattern.compile("message-log-([0-9]{19})-([0-9]{19})\\.zip");
    /** The ending of a file an {@link ArchiveWriter} has not finished. */
    static final String PARTIAL = ".part";

    final Path file;
    private final ZipFile zip;
    private final Properties manifest;
    private final byte[] manifestBytes;

    private ArchiveFile(Path file, ZipFile zip, Properties manifest, byte[] manifestBytes) {
        this.file = file;
        this.zip = zip;
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
    }

    /**
     * @throws Unreadable when the file is not a regular one (a symbolic link to one is), is no zip, has no
     *                    manifest or another format, or lacks one of the manifest's entries (the message says
     *                    which)
     */
    static ArchiveFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) { // a FIFO would hold the reader in open(2) until someone wrote to it
            throw new Unreadable("it is not a regular file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new Unreadable("it cannot be read as a zip (" + e.getMessage() + ")");
        }
        try {
            Optional<String> disagreement = ZipLayout.disagreement(file, zip);
            if (disagreement.isPresent()) {
                throw new Unreadable(disagreement.get());
            }
            byte[] text = entry(zip, ApplicationExport.MANIFEST);
            if (text == null) {
                throw new Unreadable("it has no " + ApplicationExport.MANIFEST);
            }
            return new ArchiveFile(file, zip, checkedManifest(text), text);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e instanceof Unreadable u ? u : new Unreadable("its " + ApplicationExport.MANIFEST
                    + " is malformed (" + e.getMessage() + ")");
        }
    }

    /** The manifest of a known format with every entry its format names, and record numbers that are numbers. */
    private static Properties checkedManifest(byte[] text) throws IOException {
        Properties manifest = new Properties();
        manifest.load(new ByteArrayInputStream(text));
        String format = manifest.getProperty("format");
        if (!FORMAT.equals(format) && !FORMAT_UNSEALED.equals(format)) {
            throw new Unreadable("it is in the format " + format + ", not " + FORMAT + " (or "
                    + FORMAT_UNSEALED + ")");
        }
        for (String key : FORMAT.equals(format)
                ? List.of("first.seq", "first.prevHash", "last.seq", "last.hash", "previous.seal", "archivedAt")
                : List.of("first.seq", "first.prevHash", "last.seq", "last.hash")) {
            if (manifest.getProperty(key, "").isBlank()) {
                throw new Unreadable("its " + ApplicationExport.MANIFEST + " has no " + key);
            }
        }
        Long.parseLong(manifest.getProperty("first.seq"));
        Long.parseLong(manifest.getProperty("last.seq"));
        return manifest;
    }

    long first() {
        return Long.parseLong(manifest.getProperty("first.seq"));
    }

    long last() {
        return Long.parseLong(manifest.getProperty("last.seq"));
    }

    String firstPrevHash() {
        return manifest.getProperty("first.prevHash");
    }

    String lastHash() {
        return manifest.getProperty("last.hash");
    }

    /** Whether the file carries a seal (format /2 on; /1 was written before seals). */
    boolean sealed() {
        return FORMAT.equals(manifest.getProperty("format"));
    }

    /** The previous file's seal hash the manifest names ({@link ArchiveSeal#NONE}: none). */
    String previousSeal() {
        return manifest.getProperty("previous.seal");
    }

    /** When the gateway wrote and sealed the file, as the manifest says (its stamp proves it). */
    String sealedAt() {
        return manifest.getProperty("archivedAt");
    }

    /** The manifest exactly as stored: what the seal signs. */
    byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    /** The bytes of the file's entry {@code name}, or null when it has none. */
    byte[] entryBytes(String name) throws IOException {
        return entry(zip, name);
    }

    /** What the next file names as its previous seal: this file's seal hash, or NONE for an unsealed file. */
    String sealHash() throws IOException {
        byte[] seal = sealed() ? entry(zip, ArchiveSeal.SEAL) : null;
        return seal == null ? ArchiveSeal.NONE : ArchiveSeal.hash(seal);
    }

    /** The record {@code seq} with its message, or empty when its fields or message are missing. */
    Optional<ChainRecord> record(long seq) throws IOException {
        Optional<ChainRecord> logged = fields(seq).flatMap(f -> ExportCheck.fields(f, seq, false));
        byte[] message = logged.isEmpty() ? null : entry(zip, messageEntry(seq));
        return message == null ? Optional.empty() : Optional.of(logged.get().withMessage(message));
    }

    /** The applications the record {@code seq} names, without reading its message; none when it is missing. */
    List<String> applicationsOf(long seq) throws IOException {
        return field(seq, "correlationId").map(ChainRecord::applications).orElse(List.of());
    }

    /** One logged field of the record {@code seq} (as an export's manifest names it), without its message. */
    Optional<String> field(long seq, String name) throws IOException {
        return fields(seq).map(f -> f.getProperty("record." + seq + "." + name));
    }

    private Optional<Properties> fields(long seq) throws IOException {
        byte[] text = entry(zip, recordEntry(seq));
        if (text == null) {
            return Optional.empty();
        }
        Properties fields = new Properties();
        fields.load(new ByteArrayInputStream(text));
        return Optional.of(fields);
    }

    byte[] certificate(String sha256) throws IOException {
        return entry(zip, "certificates/" + sha256 + ".der");
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    static String name(long first, long last) {
        return String.format("message-log-%019d-%019d.zip", first, last);
    }

    /** The archive files in {@code dir} in chain order (by name); none when it does not exist. */
    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** The first record's number as the file's name says, or -1 for a name of another form. */
    static long namedFirst(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The last record's number as the file's name says, or -1 for a name of another form. */
    static long namedLast(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }

    /** Deletes what a writer that died left in {@code dir} (a half-written file never counts: it has no name). */
    static void deleteLeftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(PARTIAL)).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** An archive file that cannot be read as one (the message says why, without the file's name). */
    static final class Unreadable extends IOException {
        Unreadable(String message) {
            super(message);
        }
    }

    static String recordEntry(long seq) {
        return "records/" + seq + ".properties";
    }

    static String messageEntry(long seq) {
        return "messages/" + seq + ".xml";
    }

    /**
     * The bytes of the zip's entry {@code name}, or null when it has none; an entry longer than any the log keeps
     * (a message of store V11's limit) is not read whole: the file is {@link Unreadable}.
     */
    private static byte[] entry(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] bytes = in.readNBytes((int) ExportEntries.MESSAGE_LIMIT + 1);
            if (bytes.length > ExportEntries.MESSAGE_LIMIT) {
                throw new Unreadable("its entry " + name + " is longer than any record the log keeps");
            }
            return bytes;
        }
    }
}
