package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ZipOutputStream writes agrees with itself for {@link ZipLayout}: an archive file of 50,000 records holds more
 * than 65,535 entries, so its end records are ZIP64's, and deflated entries carry data descriptors.
 */
class ZipLayoutTest {
    @TempDir
    Path dir;

    @Test
    void aZipOfMoreEntriesThanTheClassicEndRecordCountsAgrees() throws IOException {
        Path file = dir.resolve("many.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (int i = 1; i <= 70_000; i++) {
                zip.putNextEntry(new ZipEntry("records/" + i + ".properties"));
                zip.write(("record." + i + ".hash=" + i).getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.size()).isEqualTo(70_000);
            assertThat(ZipLayout.disagreement(file, zip)).isEmpty();
        }
    }

    @Test
    void storedAndDeflatedEntriesAndFoldersAgree() throws IOException {
        Path file = dir.resolve("mixed.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("messages/"));
            zip.closeEntry();
            ZipEntry stored = new ZipEntry("manifest.properties");
            byte[] text = "format=x\n".getBytes(StandardCharsets.US_ASCII);
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(text.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(text);
            stored.setCrc(crc.getValue());
            zip.putNextEntry(stored);
            zip.write(text);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("messages/1.xml"));
            zip.write("<a/>".repeat(1000).getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.setComment("a comment ends the end record");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(ZipLayout.disagreement(file, zip)).isEmpty();
        }
    }
}
