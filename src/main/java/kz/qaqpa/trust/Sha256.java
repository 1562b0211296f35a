package kz.qaqpa.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest the gateway names things by (a signed envelope's SignedInfo, the message log's records and
 * certificates, an issuer's key, an archive file's seal), as bytes or lower-case hex. In trust, which the store and
 * the evidence use and which uses neither (ops46: EnvelopeVerifier and ChainRecord each had a copy, as had five more).
 */
public final class Sha256 {
    private Sha256() {
    }

    /** A new digest, for data fed to it in parts ({@link #hex(MessageDigest)} finishes it). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static byte[] of(byte[] data) {
        return newDigest().digest(data);
    }

    /** Lower-case hex of the SHA-256 of {@code data}. */
    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(of(data));
    }

    /** Lower-case hex of what {@code digest} was fed (which it finishes). */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
