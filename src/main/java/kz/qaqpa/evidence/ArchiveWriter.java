package kz.qaqpa.evidence;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.DirectorySync;

/**
 * Writes an {@link ArchiveFile}: to a hidden file of its own, which {@link #finish} syncs and only then renames to its
 * range's name (atomically) and syncs the directory; closed unfinished, the hidden file is deleted.
 */
final class ArchiveWriter implements Closeable {
    /** A zip entry's header and each of its parts are small writes: one system call per buffer instead. */
    private static final int BUFFER_BYTES = 64 * 1024;
    private final Path dir;
    private final Path partial;
    private final FileOutputStream file;
    private final ZipOutputStream zip;
    private final Set<String> certificates = new LinkedHashSet<>();
    private long first;
    private long last;
    private String firstPrevHash;
    private String lastHash;
    private String sealHash;
    private boolean finished;

    ArchiveWriter(Path dir) throws IOException {
        this.dir = dir;
        this.partial = dir.resolve(".message-log-" + UUID.randomUUID() + ArchiveFile.PARTIAL);
        this.file = new FileOutputStream(partial.toFile());
        this.zip = new ZipOutputStream(new BufferedOutputStream(file, BUFFER_BYTES));
    }

    void add(ChainRecord r) throws IOException {
        if (first == 0) {
            first = r.seq();
            firstPrevHash = r.prevHash();
        }
        last = r.seq();
        lastHash = r.hash();
        Properties fields = new Properties();
        ApplicationExport.putFields(fields, r);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        fields.store(text, null);
        put(ArchiveFile.recordEntry(r.seq()), text.toByteArray());
        put(ArchiveFile.messageEntry(r.seq()), r.message());
        certificates.add(r.certificateSha256());
    }

    long records() {
        return first == 0 ? 0 : last - first + 1;
    }

    long last() {
        return last;
    }

    String lastHash() {
        return lastHash;
    }

    /** Where the signers' certificates come from (the store's log_certificate). */
    interface Certificates {
        Optional<byte[]> get(String sha256);
    }

    /** The seal hash of the file {@link #finish} wrote, which the next file names. */
    String sealHash() {
        if (sealHash == null) {
            throw new IllegalStateException("the archive file is not finished");
        }
        return sealHash;
    }

    /**
     * Completes the file, seals it, makes it durable and gives it its name; the named file is whole or absent.
     *
     * @param previousSeal the seal hash of the file before it ({@link ArchiveSeal#NONE} for none)
     */
    Path finish(Certificates store, ArchiveSeal sealer, String previousSeal) throws IOException {
        putCertificates(store);
        byte[] manifest = manifest(previousSeal);
        put(ApplicationExport.MANIFEST, manifest);
        putSeal(sealer.seal(manifest));
        zip.finish();
        zip.flush(); // through the buffer into the file, before the sync
        file.getFD().sync();
        zip.close();
        Path named = nameDurably();
        finished = true;
        return named;
    }

    private void putCertificates(Certificates store) throws IOException {
        for (String sha : certificates) {
            put("certificates/" + sha + ".der", store.get(sha).orElseThrow(() -> new IOException("the signer"
                    + " certificate " + sha + " is not in the store (log_certificate): verify the log")));
        }
    }

    /** The manifest's text: the file's range, where it links to the chain and to the file before it. */
    private byte[] manifest(String previousSeal) throws IOException {
        Properties manifest = new Properties();
        manifest.setProperty("format", ArchiveFile.FORMAT);
        manifest.setProperty("first.seq", String.valueOf(first));
        manifest.setProperty("first.prevHash", firstPrevHash);
        manifest.setProperty("last.seq", String.valueOf(last));
        manifest.setProperty("last.hash", lastHash);
        manifest.setProperty("archivedAt", Instant.now().toString());
        manifest.setProperty("previous.seal", previousSeal);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        manifest.store(text, "Qaqpa message log archive of records " + first + " to " + last);
        return text.toByteArray();
    }

    /** The manifest's seal, and its time-stamp or why it has none. */
    private void putSeal(ArchiveSeal.Made seal) throws IOException {
        put(ArchiveSeal.SEAL, seal.seal());
        sealHash = ArchiveSeal.hash(seal.seal());
        if (seal.stamp() != null) {
            put(ArchiveSeal.STAMP, seal.stamp());
        } else {
            put(ArchiveSeal.UNSTAMPED, (seal.unstamped() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Renames the synced file to its range's name, atomically, and syncs the directory. */
    private Path nameDurably() throws IOException {
        Path named = dir.resolve(ArchiveFile.name(first, last));
        try {
            Files.move(partial, named, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the archive directory " + dir + " cannot rename atomically: a crash could leave"
                    + " a half file under an archive's name", e);
        }
        DirectorySync.sync(dir);
        return named;
    }

    private void put(String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            try {
                zip.close();
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
