package kz.qaqpa.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.RulesInForce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the message log can prove, for the command line ({@link LogVerifier}) and the operator console: the whole
 * chain verified, one application exported as a zip, and such a zip verified without the database.
 */
public final class MessageLogEvidence {
    private static final Logger LOG = LoggerFactory.getLogger(MessageLogEvidence.class);
    private final MessageChain chain;
    private final RecordCheck check;
    private final ChainStamps chainStamps;
    private final StampCheck stamps;
    private final MessageLogArchive archive;
    /** Since when each later rule ran on the store: read at each verification. */
    private final RulesInForce rulesInForce;
    /**
     * The long reads and the archiving of the whole log run one at a time: a verification or export that reads while
     * an archive run deletes what it has not read yet would find records missing.
     */
    private final Semaphore turn = new Semaphore(1);

    /**
     * @param gatewayBin the БИН the gateway's own certificate names, which its own records must be signed with
     * @param called     whose organisation signs the answers to each of the gateway's calls
     * @param archive    the archiving of old records, whose directory the verification reads too
     * @param rulesInForce since when the store has run each later rule, which bounds the records its checks take by
     *                     the rule before
     */
    public MessageLogEvidence(MessageChain chain, ChainStamps stamps, TrustSetup.TrustedCertificates trusted,
                              String gatewayBin, CalledSystems called, MessageLogArchive archive,
                              RulesInForce rulesInForce) {
        this.chain = chain;
        this.check = new RecordCheck(trusted, gatewayBin, called);
        this.chainStamps = stamps;
        this.stamps = new StampCheck(chain, stamps, trusted);
        this.archive = archive;
        this.rulesInForce = rulesInForce;
    }

    /** Takes the log's one turn for a long read or an archive run; false while another holds it. */
    public boolean tryTurn() {
        return turn.tryAcquire();
    }

    /** Gives the turn {@link #tryTurn} took back. */
    public void endTurn() {
        turn.release();
    }

    /**
     * Archives the records old enough ({@link MessageLogArchive#run}) in the log's turn; empty, nothing done, while a
     * verification, an export or another run holds it.
     */
    public Optional<MessageLogArchive.Run> archive() throws IOException {
        if (!tryTurn()) {
            return Optional.empty();
        }
        try {
            return Optional.of(archive.run());
        } finally {
            endTurn();
        }
    }

    /** The scheduled archive run (qaqpa.log.archive.interval): skipped, to the next one, while the log is busy. */
    public void archiveOnSchedule() throws IOException {
        Optional<MessageLogArchive.Run> run = archive();
        if (run.isEmpty()) {
            LOG.info("message log archiving skipped: a verification or export is reading the log");
        } else if (run.get().records() > 0) {
            LOG.info("message log: {}", run.get());
        }
    }

    /**
     * Every record up to the head: links, content, certificates and signatures, then the time-stamps of the chain
     * ({@link StampCheck}); the first bad record named.
     *
     * @param notedHead a head noted outside the store ({@code seq:hash} or the hash), which the chain must pass
     *                  through; null for none
     * @throws IllegalArgumentException if {@code notedHead} is not such a head
     */
    public Verdict verify(String notedHead) {
        return verify(notedHead, seq -> { });
    }

    /**
     * As {@link #verify(String)}, telling {@code checking} the number of each record as its check begins (from the
     * archive files' first to the head's), so that a caller can show that a long verification moves on.
     */
    public Verdict verify(String notedHead, LongConsumer checking) {
        try (ArchiveDirectory archives = new ArchiveDirectory(archive.dir())) {
            RecordCheck records = check.reporting(checking).boundedBy(rulesInForce.read())
                    .arrivingBy(Arrivals.inStore(chain, stamps, archives));
            return stamps.run(new ChainCheck(chain, records, archives).run(notedHead == null ? null
                    : NotedHead.parse(notedHead)), archives);
        }
    }

    /** An export needs archived records no archive file at hand holds: nothing is exported (the message says which). */
    public static final class MissingArchive extends IOException {
        MissingArchive(String message) {
            super(message);
        }
    }

    /** Where an export is written: opened only once there is something to export. */
    public interface Target {
        OutputStream open() throws IOException;

        /**
         * The export failed after {@code opened} was opened: end it so that its reader cannot take it for whole (a
         * download is cut off, not ended). By default it is closed as it is, unfinished.
         */
        default void abandon(OutputStream opened) throws IOException {
            opened.close();
        }
    }

    /**
     * Streams one application's records with the links to the head, as a zip, to {@code target}, which it closes
     * once the zip is whole and abandons when writing fails (the failure is then thrown); false, and the target not
     * opened, when nothing is logged for the application.
     *
     * @param correlationId as the gateway gave it; its braces may be left out (as in a URL)
     */
    public boolean export(String correlationId, Target target) throws IOException {
        // correlationIds are guids in braces
        String id = correlationId.startsWith("{") ? correlationId : "{" + correlationId + "}";
        Optional<ApplicationExport> export = ApplicationExport.of(chain, chainStamps, id, archive.dir());
        if (export.isEmpty()) {
            return false;
        }
        OutputStream out = target.open();
        try {
            export.get().writeTo(out);
        } catch (IOException | RuntimeException e) {
            target.abandon(out);
            throw e;
        }
        return true;
    }

    /**
     * Verifies the archive files in {@code dir} with the trusted certificates alone, without the store: each file's
     * seal, time-stamp and link to the one before it, and every record in them, from the log's beginning
     * ({@link ArchiveCheck}). What only the store can show (a removed file after the last one) is said in the verdict.
     *
     * @param notedHead as for {@link #verify(String)}; it must lie in the files
     * @throws IOException when the directory cannot be listed
     */
    public static Verdict verifyArchives(Path dir, TrustSetup.TrustedCertificates trusted, String gatewayBin,
                                         CalledSystems called, String notedHead) throws IOException {
        NotedHead noted = notedHead == null ? null : NotedHead.parse(notedHead);
        try (ArchiveDirectory archives = new ArchiveDirectory(dir)) {
            if (archives.files().isEmpty()) {
                return Verdict.bad(0, 0, "there are no archive files (message-log-<first>-<last>.zip) in "
                        + archives.dir());
            }
            RecordCheck records = new RecordCheck(trusted, gatewayBin, called)
                    .arrivingBy(Arrivals.inArchives(archives));
            ArchiveCheck.Walked walked = new ArchiveCheck(archives, records).walk(null, noted);
            if (walked.bad() != null) {
                return walked.bad();
            }
            if (noted != null && !walked.passed()) {
                return Verdict.bad(walked.checked(), noted.seq(), noted.notFound(1, walked.seq(), NotedHead.PAST_THE_ARCHIVES));
            }
            return Verdict.good(walked.checked(), walked.seq(), walked.hash(), "records 1 to " + walked.seq()
                    + " in the archive files in " + archives.dir() + ", verified without the store; " + walked.seals()
                    + (noted == null ? "" : "; the chain passes through the noted head " + noted)
                    + records.notes().stream().map(n -> "; " + n).collect(java.util.stream.Collectors.joining())
                    + "; files removed after the last one show only against the store's archived head or a head noted"
                    + " later");
        }
    }

    /**
     * Verifies an export with the trusted certificates alone, in any format a gateway has written (what an export in
     * an earlier format cannot show is said in the verdict).
     *
     * @param gatewayBin as for the constructor
     * @param called as for the constructor
     * @param notedHead as for {@link #verify(String)}
     * @throws IOException when the file cannot be read, or is in a format this verifier does not know (the message
     *                     says which and what to do)
     */
    public static Verdict verifyExport(Path file, TrustSetup.TrustedCertificates trusted, String gatewayBin,
                                       CalledSystems called, String notedHead) throws IOException {
        return ExportCheck.verify(file, new RecordCheck(trusted, gatewayBin, called),
                notedHead == null ? null : NotedHead.parse(notedHead));
    }
}
