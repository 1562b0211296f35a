package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.FreshStore;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 31 (evidence17): what HSQLDB (2.7.4) does with the space of the message log's large messages (over 256 KiB,
 * kept as LOBs in {@code qaqpa.lobs}) once the archive run deletes their records, as docs/operations.md (Retention,
 * "Disk space") tells the operator: nothing compacts the file while live LOBs lie after the freed space (not CHECKPOINT
 * DEFRAG either), new LOBs fill the freed space from its start once a checkpoint freed it, and the file is cut back at
 * the checkpoint after the LOBs at its end are deleted. On the real store and the real archive run.
 */
class MessageLogLobSpaceTest {
    private static final int LARGE = 300 * 1024;
    @RegisterExtension
    final FreshStore store = new FreshStore();
    @TempDir
    Path archive;

    @Test
    void aPeaksSpaceIsReusedAndGivenBackOnceItsLastLobsLeave() throws Exception {
        MessageChain chain = new MessageChain(store.db());
        KeyMaterial gateway = SharedTestPki.key("gateway");
        append(chain, gateway, 12); // the peak: records 1 to 12
        store.db().update("CHECKPOINT");
        long peak = lobs();
        assertThat(peak).isGreaterThanOrEqualTo(12L * LARGE);

        archiveThrough(chain, 10);
        store.db().update("CHECKPOINT DEFRAG");
        assertThat(lobs()).as("records 11 and 12 lie at the end: nothing compacts the file").isEqualTo(peak);

        append(chain, gateway, 4); // records 13 to 16 take the freed space at the start
        store.db().update("CHECKPOINT");
        assertThat(lobs()).as("new LOBs reuse the freed space").isEqualTo(peak);

        archiveThrough(chain, 12);
        store.db().update("CHECKPOINT");
        assertThat(lobs()).as("the file once the peak's last LOBs left").isLessThan(peak / 2);
        assertThat(chain.record(16).orElseThrow().message()).hasSize(LARGE);
    }

    /** {@code count} large records, each logged at a later millisecond than the one before. */
    private void append(MessageChain chain, KeyMaterial signer, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            Thread.sleep(2);
            byte[] message = new byte[LARGE];
            Arrays.fill(message, (byte) 'x');
            message[0] = '<';
            chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PORTAL",
                    "{session}", null, signer.certificate(), message));
        }
    }

    /** Archives the records up to {@code seq}: the run stops at the first one not logged before the next's time. */
    private void archiveThrough(MessageChain chain, long seq) throws IOException {
        Instant next = chain.loggedAt(seq + 1).orElseThrow(); // the records logged before it go
        new MessageLogArchive(chain, new ChainStamps(store.db()), archive, Duration.ZERO, Duration.ZERO, 100,
                new ArchiveSeal(SharedTestPki.key("gateway"), new StampingAuthority(null, Duration.ZERO, null, null)),
                Clock.fixed(next, ZoneOffset.UTC), Optional::empty, null).run();
        assertThat(chain.archived().seq()).isEqualTo(seq);
    }

    private long lobs() throws IOException {
        Path file = store.dir().resolve("qaqpa.lobs");
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
