package kz.qaqpa.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * qaqpa.data-dir checked before anything is kept there (the test PKI's keys, the store): a file, a directory that
 * cannot be made or one the gateway may not write refuses the start on one line naming the setting (review40b: a
 * stack trace from the test PKI or HSQLDB, naming no setting).
 */
public final class DataDirectory {
    static final String KEY = "qaqpa.data-dir";

    private DataDirectory() {
    }

    /** The data directory, made when missing; refused, named, when the gateway cannot keep its data there. */
    public static Path require(Settings s) {
        String value = s.get(KEY);
        Path dir = Path.of(value);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw refused(value, "is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
            // a real write, not Files.isWritable: a read-only mount, or root's view of permissions, is told apart only so
            Files.delete(Files.createTempFile(dir, ".write-check", ""));
        } catch (IOException | SecurityException e) {
            throw refused(value, "cannot be written (" + e + ")");
        }
        return dir;
    }

    private static IllegalStateException refused(String value, String why) {
        return new IllegalStateException(KEY + " = '" + value + "' " + why + ": give a directory the gateway may create"
                + " and write (its database, test PKI and backups are kept there)");
    }
}
