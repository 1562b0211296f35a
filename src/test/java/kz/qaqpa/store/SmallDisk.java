package kz.qaqpa.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real small disk for the store's full-disk cases: a tmpfs of a few megabytes mounted on a test's directory, where
 * this machine lets the test mount one (root); the test is skipped elsewhere.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir} (an empty directory), or skips the test. */
    public static SmallDisk mount(Path dir, int megabytes) {
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()),
                "mounting a small tmpfs needs root");
        return new SmallDisk(dir);
    }

    /** Writes {@code filler} until the disk takes no byte more. */
    public void fill(Path filler) throws IOException {
        fillUntilFull(filler);
    }

    /** Writes {@code filler} until its disk takes no byte more (also {@link FaultyDisk}'s backing tmpfs). */
    static void fillUntilFull(Path filler) throws IOException {
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1 << 16];
            for (int size = block.length; size > 0; size /= 2) {
                try {
                    while (true) {
                        out.write(block, 0, size);
                        out.flush();
                    }
                } catch (IOException full) {
                    // the next, smaller writes take what is left
                }
            }
        } catch (IOException full) {
            // closing flushes nothing more
        }
    }

    @Override
    public void close() {
        run("umount", "-l", dir.toString());
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
