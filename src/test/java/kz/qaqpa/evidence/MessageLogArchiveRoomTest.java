package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.FreshStore;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.StoreDisk;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 31 (evidence17): the archive files take no space the store keeps free (qaqpa.store.min-free-bytes) where
 * they are on the store's disk, as the store's backup does not: the store's files do not shrink when the records
 * leave, so every archived byte on that disk is a byte more. On the real store and the real disk (the temporary
 * directory's, the store's too).
 */
class MessageLogArchiveRoomTest {
    @RegisterExtension
    final FreshStore store = new FreshStore();
    @TempDir
    Path data;

    /**
     * The disk keeps more free than it has: the run fails naming the setting, writes no file and leaves every record
     * in the store; with nothing kept free the same records are archived. Before, the run archived them whatever the
     * disk kept free.
     */
    @Test
    void anArchiveRunTakesNoSpaceTheStoreKeepsFree() throws IOException {
        MessageChain chain = new MessageChain(store.db());
        KeyMaterial gateway = SharedTestPki.key("gateway");
        chain.append(message("one", gateway), message("two", gateway), message("three", gateway));
        Path archive = data.resolve("archive");
        long free = Files.getFileStore(data).getUsableSpace();

        StoreDisk keepsMoreThanItHas = new StoreDisk(data, free + (1L << 30));
        assertThatThrownBy(() -> archive(chain, archive, keepsMoreThanItHas)).isInstanceOf(IOException.class)
                .hasMessageContaining("qaqpa.store.min-free-bytes").hasMessageContaining("record 1");
        assertThat(chain.archived().seq()).isZero();
        assertThat(ArchiveFile.list(archive)).isEmpty();
        try (var left = Files.list(archive)) {
            assertThat(left.filter(f -> f.getFileName().toString().endsWith(ArchiveFile.PARTIAL))).isEmpty();
        }

        assertThat(archive(chain, archive, new StoreDisk(data, 0)).records()).isEqualTo(3);
        assertThat(chain.archived().seq()).isEqualTo(3);
    }

    private MessageLogArchive.Run archive(MessageChain chain, Path archive, StoreDisk disk) throws IOException {
        Instant now = chain.loggedAt(3).orElseThrow().plusSeconds(1);
        return new MessageLogArchive(chain, new ChainStamps(store.db()), archive, Duration.ZERO, Duration.ofMinutes(5),
                100, new ArchiveSeal(SharedTestPki.key("gateway"), new StampingAuthority(null, Duration.ZERO, null,
                null)), Clock.fixed(now, ZoneOffset.UTC), Optional::empty, disk).run();
    }

    private static MessageChain.Message message(String text, KeyMaterial signer) {
        return new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PORTAL", "{session}",
                null, signer.certificate(), ("<m>" + text + "</m>").getBytes(StandardCharsets.UTF_8));
    }
}
