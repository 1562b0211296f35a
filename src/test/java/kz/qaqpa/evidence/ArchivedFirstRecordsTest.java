package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.trust.Sha256;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk over the archive files checks each version-3 record's bindings of its applications' first records with a
 * bounded memory (session 38, archive27): an application forgotten between its records, then named by a record of an
 * earlier version, is not a false alarm at the version-3 record that binds its true first record; a binding that
 * names another application's record, or a record after one known to name the application, is still named. The
 * records are chained and written to a real, sealed archive file, whose fields the check looks bindings up in.
 */
class ArchivedFirstRecordsTest {
    private static final String A = "application-A";
    /** Small enough that the others' records push application A out. */
    private static final int SMALL = 2;
    private static final int OTHERS = 20;
    private static final int RECORDS_EACH = 3;
    @TempDir
    Path dir;
    private final List<ChainRecord> chain = new ArrayList<>();

    @Test
    void aForgottenApplicationNotedAgainByAnOldRecordIsBoundToItsTrueFirstWithoutAlarm() throws IOException {
        long noted = forgottenThenNotedAgain();
        append(A, "1", 3);
        assertThat(noted).isGreaterThan(1);
        assertThat(walk(SMALL)).isEmpty();
    }

    @Test
    void aBindingOfAnotherApplicationsFirstRecordIsNamedAfterForgetting() throws IOException {
        forgottenThenNotedAgain();
        long others = 2; // the first record of the first other application
        long r = append(A, String.valueOf(others), 3);
        assertThat(walk(SMALL)).contains(r + ": it binds record " + others + " as the first record of application "
                + A + ", but that record does not name it");
    }

    @Test
    void aBindingAfterARecordKnownToNameTheApplicationIsNamedAfterForgetting() throws IOException {
        long noted = forgottenThenNotedAgain();
        long r = append(A, String.valueOf(noted + 1), 3);
        assertThat(walk(SMALL)).contains(r + ": it binds record " + r + " as the first record of application " + A
                + ", but record " + noted + ", before it, names it");
    }

    @Test
    void aBindingOtherThanTheOneTheApplicationsRecordsBoundIsNamedAfterForgetting() throws IOException {
        long noted = forgottenThenNotedAgain();
        append(A, "1", 3);
        long r = append(A, String.valueOf(noted), 3);
        assertThat(walk(SMALL)).contains(r + ": it binds record " + noted + " as the first record of application " + A
                + ", but the application's records before it bind record 1");
    }

    /** Nothing forgotten, the first record is known: a later record of the application bound instead is named. */
    @Test
    void withNothingForgottenOnlyTheTrueFirstRecordIsAccepted() throws IOException {
        long noted = forgottenThenNotedAgain();
        long r = append(A, String.valueOf(noted), 3);
        assertThat(walk(OTHERS * 10)).contains(r + ": it binds record " + noted + " as the first record of application "
                + A + ", but record 1, before it, names it");
    }

    /**
     * Records 1 to n of an earlier hash version: application A's first, then {@value #OTHERS} other applications'
     * records ({@value #RECORDS_EACH} each, met more often than A), then one naming A again; returns its number.
     */
    private long forgottenThenNotedAgain() {
        append(A, null, 2);
        for (int i = 0; i < OTHERS; i++) {
            for (int k = 0; k < RECORDS_EACH; k++) {
                append("other-" + i, null, 2);
            }
        }
        return append(A, null, 2);
    }

    /** Chains a record naming {@code application} and binding {@code first} (version 3); returns its number. */
    private long append(String application, String first, int version) {
        long seq = chain.size() + 1L;
        byte[] message = ("<m seq=\"" + seq + "\"/>").getBytes(StandardCharsets.UTF_8);
        String prevHash = chain.isEmpty() ? ChainRecord.GENESIS : chain.get(chain.size() - 1).hash();
        chain.add(new ChainRecord(seq, Instant.parse("2026-12-03T10:00:00Z").plusSeconds(seq).toString(), "IN",
                "request", "send", "portal", "session-" + seq, application, "CN=portal", "1", "c".repeat(64),
                Sha256.hex(message), message, prevHash, null, version < 3 ? null : first, version)
                .withHash());
        return seq;
    }

    /** Writes the chain to a sealed archive file and checks each record's bindings: "seq: problem" of the first bad. */
    private Optional<String> walk(int remembered) throws IOException {
        try (ArchiveWriter writer = new ArchiveWriter(dir)) {
            for (ChainRecord r : chain) {
                writer.add(r);
            }
            writer.finish(sha -> Optional.of(new byte[] {1}), new ArchiveSeal(SharedTestPki.pki().key("gateway"),
                    new StampingAuthority(null, Duration.ZERO, null, null)), ArchiveSeal.NONE);
        }
        try (ArchiveDirectory archives = new ArchiveDirectory(dir)) {
            ArchivedFirstRecords firsts = new ArchivedFirstRecords(archives, remembered);
            for (ChainRecord r : chain) {
                Optional<String> problem = firsts.problem(r);
                if (problem.isPresent()) {
                    return Optional.of(r.seq() + ": " + problem.get());
                }
            }
        }
        return Optional.empty();
    }
}
