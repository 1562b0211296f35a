package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.trust.RevocationChecker;
import kz.qaqpa.trust.RevocationMark;
import kz.qaqpa.trust.RevocationStatus;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * trust27: the store's marks of the newest revocation answers (V25) only ever advance. The trust package writes a mark
 * outside any lock of its own, so two fetches about one key may write in either order: the store's write itself keeps
 * the newer mark (RevocationMark's order: a higher cRLNumber, else a later thisUpdate or producedAt).
 */
class RevocationMarkTableTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    @RegisterExtension
    final FreshStore store = new FreshStore();

    /** A list numbered 7 written after number 8 leaves 8; number 9 replaces it. Before: the last write stayed, 7. */
    @Test
    void anOlderCrlMarkWrittenAfterANewerOneLeavesTheNewer() {
        assertThat(keptAfter("crl", crl(8, 60), crl(7, 3600))).isEqualTo(crl(8, 60));
        assertThat(keptAfter("crl", crl(8, 60), crl(9, 30))).isEqualTo(crl(9, 30));
    }

    /**
     * OCSP answers (no number): one produced earlier, written after a later one, leaves the later; a list without a
     * number is ordered by its thisUpdate.
     */
    @Test
    void anOlderOcspOrUnnumberedMarkWrittenAfterANewerOneLeavesTheNewer() {
        assertThat(keptAfter("ocsp", answer(120, 60), answer(120, 1800))).isEqualTo(answer(120, 60));
        assertThat(keptAfter("crl", unnumbered(60), unnumbered(600))).isEqualTo(unnumbered(60));
    }

    /**
     * Two writers of one new key at once, the older mark and the newer, in rounds: the newer stays each time, and
     * neither fails (both may find no row and insert).
     */
    @Test
    void twoWritersOfOneKeyAtOnceLeaveTheNewer() {
        RevocationMarkTable marks = new RevocationMarkTable(store.db());
        for (int round = 0; round < 20; round++) {
            String key = String.format("%064d", round);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int number : new int[] {7, 8}) {
                writers.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    marks.keep("crl", key, crl(number, 60));
                }));
            }
            start.countDown();
            writers.forEach(CompletableFuture::join);
            assertThat(marks.find("crl", key)).as("round " + round).contains(crl(8, 60));
        }
    }

    /**
     * trust28: the keys of CRL marks written before the upgrade (V25-V27: the SHA-256 of the issuer's name, its key's
     * whole encoding in hex and the scope) still find them: a mark of the issuing CA's scope newer than the list the test
     * НУЦ publishes refuses that list (the newer one not at hand), an end entity's status unavailable; likewise the mark
     * of the lists deciding a CA certificate (arl28's form) for the issuing CA's certificate under the root. Passes
     * before and after trust28's IssuerKeyId (no behaviour change: the stored form is the one left as it was).
     */
    @Test
    void crlMarksKeptUnderTheKeysOfBeforeTheUpgradeStillRefuseAnOlderList() throws Exception {
        TestPki pki = SharedTestPki.pki();
        RevocationMarkTable marks = new RevocationMarkTable(store.db());
        marks.keep("crl", storedKeyBeforeTrust28(pki.issuing(), ""), newerThan(pki.crl()));
        marks.keep("crl", storedKeyBeforeTrust28(pki.root(), "lists deciding CA certificates"),
                newerThan(pki.rootCrl(pki.defaultAlgorithm())));
        RevocationChecker checker = new RevocationChecker(Duration.ofMinutes(5), 100, Duration.ofSeconds(2),
                URI.create("http://127.0.0.1:" + PkiServer.freePort() + "/ocsp"), null, Duration.ofMinutes(5),
                Clock.systemUTC());
        checker.keepMarksIn(marks);

        for (RevocationStatus status : List.of(checker.check(pki.key("citizen-aigerim").certificate(), pki.issuing()),
                checker.check(pki.issuing(), pki.root()))) {
            assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
            assertThat(status.detail()).contains("not at hand (read before the gateway started)");
        }
    }

    /** The store's key of a CRL mark as V25-V27 wrote it: SHA-256 of "issuer name|key encoding (hex)|scope". */
    private static String storedKeyBeforeTrust28(X509Certificate issuer, String scope) throws Exception {
        String identity = issuer.getSubjectX500Principal().getName() + "|"
                + HexFormat.of().formatHex(issuer.getPublicKey().getEncoded()) + "|" + scope;
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)));
    }

    /** A mark a minute newer than {@code crl}, current for an hour. */
    private static RevocationMark newerThan(X509CRL crl) {
        return new RevocationMark(null, crl.getThisUpdate().toInstant().plusSeconds(60), null, NOW.plusSeconds(3600));
    }

    /** The mark kept for a new key of {@code kind} once {@code first}, then {@code second} were written. */
    private RevocationMark keptAfter(String kind, RevocationMark first, RevocationMark second) {
        RevocationMarkTable marks = new RevocationMarkTable(store.db());
        String key = UUID.randomUUID().toString().replace("-", "").repeat(2);
        marks.keep(kind, key, first);
        marks.keep(kind, key, second);
        return marks.find(kind, key).orElseThrow();
    }

    private static RevocationMark unnumbered(int secondsAgo) {
        return new RevocationMark(null, NOW.minusSeconds(secondsAgo), null, NOW.plusSeconds(3600));
    }

    private static RevocationMark crl(int number, int secondsAgo) {
        return new RevocationMark(BigInteger.valueOf(number), NOW.minusSeconds(secondsAgo), null, NOW.plusSeconds(3600));
    }

    private static RevocationMark answer(int thisUpdateAgo, int producedAgo) {
        return new RevocationMark(null, NOW.minusSeconds(thisUpdateAgo), NOW.minusSeconds(producedAgo), NOW.plusSeconds(3600));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
