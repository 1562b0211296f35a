package kz.qaqpa.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One record of the message chain: a signed message exactly as sent or received, who signed it, when it was logged,
 * and the link to the record before it.
 *
 * <p>{@code hash = SHA-256(prevHash || contentHash)} with {@code contentHash = SHA-256(canonical fields || message
 * bytes)}, the canonical fields each written as a 4-byte length and their UTF-8 bytes (-1 for none), so no two
 * different records share an encoding; hashes enter as their 64 hex characters. Changing any field or byte changes
 * the hash; removing, inserting or reordering records breaks the next record's prevHash. The two levels let an export
 * prove that one application's records are in the chain by giving only the content hashes of the records between
 * them, not their messages.
 *
 * @param loggedAt          ISO-8601 instant, hashed as this very text
 * @param direction         IN (received by the gateway) or OUT (sent by it)
 * @param kind              what the message is (see {@link MessageChain} constants)
 * @param peer              the other side: a senderId or the URL called
 * @param certificateSha256 SHA-256 of the signer certificate's DER encoding (stored once in log_certificate)
 * @param messageSha256     SHA-256 of {@code message}
 */
public record ChainRecord(long seq, String loggedAt, String direction, String kind, String operation, String peer,
                          String sessionId, String correlationId, String signerSubject, String signerSerial,
                          String certificateSha256, String messageSha256, byte[] message, String prevHash,
                          String hash) {
    /** The prevHash of the first record. */
    public static final String GENESIS = "0".repeat(64);

    /** The hash this record must carry, computed from its content and prevHash. */
    public String expectedHash() {
        return link(prevHash, contentHash());
    }

    /** A record's hash from the hash before it and its own content hash. */
    public static String link(String prevHash, String contentHash) {
        return sha256((prevHash + contentHash).getBytes(StandardCharsets.US_ASCII));
    }

    /** SHA-256 of the canonical fields and the message bytes, fed to the digest as they are (no copy of the message). */
    public String contentHash() {
        MessageDigest digest = sha256();
        for (String field : new String[] {String.valueOf(seq), loggedAt, direction, kind, operation, peer,
                sessionId, correlationId, signerSubject, signerSerial, certificateSha256, messageSha256}) {
            if (field == null) {
                updateInt(digest, -1);
            } else {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                updateInt(digest, utf8.length);
                digest.update(utf8);
            }
        }
        digest.update(message);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The four big-endian bytes DataOutputStream.writeInt wrote when the encoding was defined. */
    private static void updateInt(MessageDigest digest, int value) {
        digest.update((byte) (value >>> 24));
        digest.update((byte) (value >>> 16));
        digest.update((byte) (value >>> 8));
        digest.update((byte) value);
    }

    public ChainRecord withHash() {
        return new ChainRecord(seq, loggedAt, direction, kind, operation, peer, sessionId, correlationId, signerSubject,
                signerSerial, certificateSha256, messageSha256, message, prevHash, expectedHash());
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
