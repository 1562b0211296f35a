package kz.qaqpa.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console's token as its file ({@code qaqpa.operator.token-file}) holds it now (ours, ops46). At the start
 * the file is written when missing and must hold a token only the gateway's user may read, or the start is refused
 * ({@link OperatorToken}). While the gateway runs an operator rotates the token by writing a new one there: the file
 * is looked at on each console request and read again when its modification time, size, permissions or identity (a
 * file moved over it) changed, with the start's checks. A new file that fails them (others may read it, a short
 * token, gone) leaves the token read before in force and logs one WARN line per change, naming the file and why,
 * never the content. Until ops46 a new token took a restart.
 */
public final class OperatorTokenFile implements Supplier<OperatorToken> {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorTokenFile.class);
    private final Path file;
    private Version seen;
    private OperatorToken token;

    private OperatorTokenFile(Path file, Version seen, OperatorToken token) {
        this.file = file;
        this.seen = seen;
        this.token = token;
    }

    /**
     * The token in {@code file}, written there first (0600) when the file does not exist. A file others may read, or
     * whose token is short or not a bearer token, refuses the start naming the setting.
     */
    public static OperatorTokenFile atStart(Path file) {
        boolean written = OperatorToken.writtenIfMissing(file);
        Version version = Version.of(file);   // before the content: a change after it is seen at the next request
        OperatorTokenFile tokenFile = new OperatorTokenFile(file, version, OperatorToken.fromFile(file));
        LOG.info("operator console: its token is {} {} (send it as Authorization: Bearer <the file's content>)",
                written ? "written to" : "read from", file.toAbsolutePath());
        return tokenFile;
    }

    /** The token in force: the file's, read again when the file changed since it was last looked at and still good. */
    @Override
    public synchronized OperatorToken get() {
        Version now = Version.of(file);
        if (now.equals(seen)) {
            return token;
        }
        seen = now;
        try {
            token = OperatorToken.fromFile(file);
            LOG.info("operator console: its token is read again from {} (the file changed)", file.toAbsolutePath());
        } catch (IllegalStateException e) {
            LOG.warn("operator console keeps the token it had: {}", e.getMessage());
        }
        return token;
    }

    /** What tells a changed file: null fields for a file that cannot be looked at (gone). */
    private record Version(FileTime modified, long size, Object key, Set<PosixFilePermission> permissions) {
        private static final Version UNREADABLE = new Version(null, -1, null, null);

        static Version of(Path file) {
            try {
                PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
                return new Version(a.lastModifiedTime(), a.size(), a.fileKey(), a.permissions());
            } catch (UnsupportedOperationException e) {
                return basic(file);   // no POSIX permissions here: their ACLs are the operator's (OperatorToken)
            } catch (IOException e) {
                return UNREADABLE;
            }
        }

        private static Version basic(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Version(a.lastModifiedTime(), a.size(), a.fileKey(), null);
            } catch (IOException e) {
                return UNREADABLE;
            }
        }
    }
}
