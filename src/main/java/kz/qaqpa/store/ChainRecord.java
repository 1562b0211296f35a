package kz.qaqpa.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import kz.qaqpa.trust.Sha256;

/**
 * One record of the message chain: a signed message exactly as sent or received, who signed it, when it was logged,
 * and the link to the record before it.
 *
 * <p>{@code hash = SHA-256(prevHash || contentHash)}; hashes enter as their 64 hex characters, fields each as a 4-byte
 * length and their UTF-8 bytes (-1 for none), so no two different records share an encoding. Changing any field or
 * byte changes the hash; removing, inserting or reordering records breaks the next record's prevHash. The two levels
 * let an export prove that one application's records are in the chain by giving only the content hashes of the
 * records between them, not their messages. The content hash has two versions ({@code hashVersion}, kept per record):
 * <ul>
 * <li>1: {@code SHA-256(seq, loggedAt, direction, kind, operation, peer, sessionId, correlationId, signerSubject,
 *     signerSerial, certificateSha256, messageSha256 || message bytes)};</li>
 * <li>2: {@code SHA-256("2", seq, applicationTags, detailHash)} with {@code detailHash} the version-1 hash without the
 *     seq and the correlationId, and {@code applicationTags} the SHA-256 of each correlationId the record names (sorted,
 *     comma-separated; none when it names none). An export's link for another record is then its seq, tags and
 *     detail hash: enough to show it does not belong to the exported application, without naming the one it does.</li>
 * <li>3: as version 2, each tag followed by {@code ":"} and the number of the application's first record
 *     ({@code applicationFirsts}; the record's own for the record that opens it). Every record of an application so
 *     says where the application begins, and an export that leaves out its first records cannot hide it.</li>
 * </ul>
 *
 * @param loggedAt          ISO-8601 instant, hashed as this very text
 * @param direction         IN (received by the gateway) or OUT (sent by it)
 * @param kind              what the message is (see {@link MessageChain} constants)
 * @param peer              the other side: a senderId or the URL called
 * @param correlationId     the application the message is about; a getMessages answer (and its request) names every
 *                          application it carries, separated by a space
 * @param certificateSha256 SHA-256 of the signer certificate's DER encoding (stored once in log_certificate)
 * @param messageSha256     SHA-256 of {@code message}
 * @param applicationFirsts version 3: for each application {@code correlationId} names, in that order, the number of
 *                          its first record, space-separated; null for none (and in versions 1 and 2)
 * @param hashVersion       the content hash's formula (above); new records use {@link #CURRENT_VERSION}
 */
public record ChainRecord(long seq, String loggedAt, String direction, String kind, String operation, String peer,
                          String sessionId, String correlationId, String signerSubject, String signerSerial,
                          String certificateSha256, String messageSha256, byte[] message, String prevHash,
                          String hash, String applicationFirsts, int hashVersion) {
    /** The prevHash of the first record. */
    public static final String GENESIS = "0".repeat(64);
    public static final int CURRENT_VERSION = 3;
    /** Where a version-3 tag's first record is not known (a record whose fields were changed): never verifies. */
    private static final String UNKNOWN_FIRST = "?";

    /** A record hashed by the current formula. */
    public ChainRecord(long seq, String loggedAt, String direction, String kind, String operation, String peer,
                       String sessionId, String correlationId, String signerSubject, String signerSerial,
                       String certificateSha256, String messageSha256, byte[] message, String prevHash, String hash,
                       String applicationFirsts) {
        this(seq, loggedAt, direction, kind, operation, peer, sessionId, correlationId, signerSubject, signerSerial,
                certificateSha256, messageSha256, message, prevHash, hash, applicationFirsts, CURRENT_VERSION);
    }

    /** The hash this record must carry, computed from its content and prevHash. */
    public String expectedHash() {
        return link(prevHash, contentHash());
    }

    /** A record's hash from the hash before it and its own content hash. */
    public static String link(String prevHash, String contentHash) {
        return Sha256.hex((prevHash + contentHash).getBytes(StandardCharsets.US_ASCII));
    }

    /** The content hash by the record's own version. */
    public String contentHash() {
        return switch (hashVersion) {
            case 1 -> fieldsAndMessage(String.valueOf(seq), loggedAt, direction, kind, operation, peer, sessionId,
                    correlationId, signerSubject, signerSerial, certificateSha256, messageSha256);
            case 2, 3 -> contentHash(hashVersion, seq, applicationTags(), detailHash());
            default -> throw new IllegalStateException("record " + seq + " has unknown hash version " + hashVersion);
        };
    }

    /** Version 2's or 3's content hash from what an export's link shows of a record. */
    public static String contentHash(int version, long seq, String applicationTags, String detailHash) {
        MessageDigest digest = Sha256.newDigest();
        for (String field : new String[] {String.valueOf(version), String.valueOf(seq), applicationTags, detailHash}) {
            update(digest, field);
        }
        return Sha256.hex(digest);
    }

    /** Versions 2 and 3: everything of the record but its number and applications, message bytes included. */
    public String detailHash() {
        return fieldsAndMessage(loggedAt, direction, kind, operation, peer, sessionId, signerSubject, signerSerial,
                certificateSha256, messageSha256);
    }

    /**
     * Versions 2 and 3: the SHA-256 of each application the record names (version 3: with {@code ":"} and the number
     * of the application's first record), sorted, comma-separated; null for none.
     */
    public String applicationTags() {
        List<String> ids = applications(correlationId);
        if (ids.isEmpty()) {
            return null;
        }
        List<String> firsts = firsts();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            tags.add(applicationTag(ids.get(i)) + (hashVersion < 3 ? ""
                    : ":" + (i < firsts.size() ? firsts.get(i) : UNKNOWN_FIRST)));
        }
        return tags.stream().sorted().collect(Collectors.joining(","));
    }

    /**
     * Version 3: the number of the first record of the application {@code correlationId}, as this record binds it;
     * empty when the record does not name it or is of an earlier version.
     */
    public OptionalLong firstRecordOf(String correlationId) {
        int i = applications(this.correlationId).indexOf(correlationId);
        List<String> firsts = firsts();
        return i < 0 || i >= firsts.size() || !firsts.get(i).matches("[0-9]{1,18}") ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(firsts.get(i)));
    }

    private List<String> firsts() {
        return hashVersion < 3 || applicationFirsts == null || applicationFirsts.isBlank() ? List.of()
                : List.of(applicationFirsts.trim().split(" +"));
    }

    /** The application tags (hashes only) of a link's or record's {@link #applicationTags}, of any version. */
    public static Set<String> tagsOf(String applicationTags) {
        return applicationTags == null ? Set.of() : Arrays.stream(applicationTags.split(","))
                .map(t -> t.split(":", 2)[0]).collect(Collectors.toSet());
    }

    /** How an application appears in the links of an export (version 2). */
    public static String applicationTag(String correlationId) {
        return Sha256.hex(correlationId.getBytes(StandardCharsets.UTF_8));
    }

    /** The correlationIds a record's correlationId field names (none, one, or a getMessages answer's several). */
    public static List<String> applications(String correlationIdField) {
        return correlationIdField == null || correlationIdField.isBlank() ? List.of()
                : List.of(correlationIdField.trim().split(" +"));
    }

    /** SHA-256 of the fields and the message bytes, fed to the digest as they are (no copy of the message). */
    private String fieldsAndMessage(String... fields) {
        MessageDigest digest = Sha256.newDigest();
        for (String field : fields) {
            update(digest, field);
        }
        digest.update(message);
        return Sha256.hex(digest);
    }

    private static void update(MessageDigest digest, String field) {
        if (field == null) {
            updateInt(digest, -1);
        } else {
            byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
            updateInt(digest, utf8.length);
            digest.update(utf8);
        }
    }

    /** This record carrying {@code message} (an export's, read only when its record is checked). */
    public ChainRecord withMessage(byte[] message) {
        return new ChainRecord(seq, loggedAt, direction, kind, operation, peer, sessionId, correlationId,
                signerSubject, signerSerial, certificateSha256, messageSha256, message, prevHash, hash,
                applicationFirsts, hashVersion);
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
                signerSerial, certificateSha256, messageSha256, message, prevHash, expectedHash(), applicationFirsts,
                hashVersion);
    }

}
