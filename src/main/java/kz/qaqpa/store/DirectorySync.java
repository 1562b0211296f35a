package kz.qaqpa.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a file's creation, rename or removal in a directory durable: the directory itself synced. */
public final class DirectorySync {
    private DirectorySync() {
    }

    /** Syncs {@code dir} (on Linux a directory opens for reading and syncs). */
    public static void sync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e; // Windows opens no directory; its renames are journalled
            }
        }
    }
}
