package kz.qaqpa.operator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import kz.qaqpa.trust.Sha256;

/**
 * The operator console's credential (ours, ops45; as X-Road's security server asks one for its admin UI): a token kept
 * in a file only the gateway's user may read ({@code qaqpa.operator.token-file}, under the data directory by default),
 * which every console request presents as {@code Authorization: Bearer <token>}. The gateway writes one at its first
 * start (0600) and reads it at each start after ({@link OperatorTokenFile}, which also takes a token an operator
 * writes there while it runs, ops46). Only the token's SHA-256 is kept: the comparison of two digests of the same
 * length takes the same time whatever the presented value is.
 */
public final class OperatorToken {
    /** 32 random bytes (256 bits), as base64url: 43 characters. */
    private static final int RANDOM_BYTES = 32;
    /** A token an operator writes must be as hard to guess as one the gateway makes (43 base64url characters). */
    static final int MIN_LENGTH = 32;
    /** RFC 6750's b64token: what an Authorization: Bearer header can carry as it is. */
    private static final String B64TOKEN = "[A-Za-z0-9._~+/-]+=*";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /**
     * The most a token file may hold: one line of a token, far longer than any an operator makes (a token of 43 to a
     * few hundred characters). attack47: a file read whole held the console's lock (and the memory) for as long as it
     * lasted; /dev/zero, or a log, put in its place would not end.
     */
    private static final int MAX_FILE_BYTES = 4096;
    private final byte[] digest;

    private OperatorToken(String token) {
        this.digest = sha256(token);
    }

    /** The token an operator's tool (or a test) holds, e.g. read from the file with {@link #read}. */
    public static OperatorToken of(String token) {
        return new OperatorToken(token);
    }

    /**
     * The token in {@code file}; a file others may read (or write), or whose token is short or not a bearer token, is
     * refused naming the setting ({@link IllegalStateException}).
     */
    static OperatorToken fromFile(Path file) {
        requireRegularFile(file);
        requireOwnerOnly(file);
        return new OperatorToken(read(file));
    }

    /** Writes a new token into {@code file} (0600) when there is none; whether it did. */
    static boolean writtenIfMissing(Path file) {
        return !Files.exists(file) && write(file);
    }

    /** The token in {@code file} as an operator's tool reads it: its content, trimmed; refused when it is no token. */
    public static String read(Path file) {
        String token;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw refused(file, "holds more than " + MAX_FILE_BYTES + " bytes: no token (one line of it)");
            }
            token = new String(content, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw refused(file, "cannot be read (" + e + ")");
        }
        if (token.length() < MIN_LENGTH || !token.matches(B64TOKEN)) {
            throw refused(file, "holds no token of at least " + MIN_LENGTH + " characters of A-Z a-z 0-9 . _ ~ + / -"
                    + " (delete it and the gateway writes one at its next start)");
        }
        return token;
    }

    /** Whether {@code presented} is this token, in a time that does not depend on where they differ. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    /** Writes a new random token into {@code file}, created owner-only from the start (never readable by others). */
    private static boolean write(Path file) {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        byte[] token = (Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
            try (var out = posix
                    ? Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(token));
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false; // another start wrote it meanwhile: read it
        } catch (IOException e) {
            throw refused(file, "cannot be written (" + e + ")");
        }
    }

    /**
     * attack47: a token file is a regular file (a link to one is followed). A named pipe passed the owner-only check and
     * its read waited for a writer, under the lock every console request takes: the console hung; a device such as
     * /dev/zero would not end.
     */
    private static void requireRegularFile(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw refused(file, "is no regular file: write the token into one");
        }
    }

    /** A token file the group or others may read (or write) is no credential: refused, saying how to fix it. */
    private static void requireOwnerOnly(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX permissions on this file system: its ACLs are the operator's to set
        } catch (IOException e) {
            throw refused(file, "cannot be read (" + e + ")");
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw refused(file, "may be read or written by others (" + PosixFilePermissions.toString(permissions)
                    + "): chmod 600 it");
        }
    }

    private static byte[] sha256(String value) {
        return Sha256.of(value.getBytes(StandardCharsets.UTF_8));
    }

    private static IllegalStateException refused(Path file, String why) {
        return new IllegalStateException("qaqpa.operator.token-file '" + file + "' " + why);
    }
}
