package kz.qaqpa.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real disk whose writeback can be made to fail (store53): an ext4 file system (no journal) on a loop device whose
 * image is a sparse file on a small tmpfs. Once the tmpfs is filled ({@link #exhaust}), every block the file system
 * writes that the image has not held before fails in the loop device, so the kernel itself notes a writeback error on
 * the file (its errseq: reported once to each descriptor open before it, to none opened after it was seen) and leaves
 * the written pages clean in its page cache: what "fsyncgate" is about, which strace's injected EIO never reaches.
 * {@link #recover} frees the tmpfs again. Needs root, losetup and mkfs.ext4; the test is skipped elsewhere.
 */
public final class FaultyDisk implements AutoCloseable {
    private static final int BACKING_MB = 96;
    private static final long IMAGE_BYTES = 64L * 1024 * 1024;
    private final Path backing;
    private final Path root;
    private final String loop;

    private FaultyDisk(Path backing, Path root, String loop) {
        this.backing = backing;
        this.root = root;
        this.loop = loop;
    }

    /** Makes the disk under {@code dir} (an empty directory), or skips the test. */
    public static FaultyDisk mount(Path dir) throws IOException {
        Path backing = Files.createDirectories(dir.resolve("backing"));
        Path root = Files.createDirectories(dir.resolve("fs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + BACKING_MB + "m", "tmpfs", backing.toString()) != null,
                "mounting a tmpfs needs root");
        Path image = backing.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(IMAGE_BYTES); // sparse: the tmpfs holds only the blocks written
        }
        String loop = run("mkfs.ext4", "-q", "-F", "-O", "^has_journal", image.toString()) == null ? null
                : run("losetup", "-f", "--show", image.toString());
        if (loop == null || run("mount", "-t", "ext4", "-o", "errors=continue", loop.strip(), root.toString()) == null) {
            if (loop != null) {
                run("losetup", "-d", loop.strip());
            }
            run("umount", backing.toString());
            assumeTrue(false, "an ext4 file system on a loop device needs mkfs.ext4, losetup and a free loop device");
        }
        return new FaultyDisk(backing, root, loop.strip());
    }

    /** The file system's root directory. */
    public Path root() {
        return root;
    }

    /**
     * From now on every block the file system writes anew fails in the device (the kernel's writeback error). Pages
     * written but not yet synced meet the failure too (the lead, session 53: a `sync -f` here first let the data file's
     * pages a checkpoint wrote before its script's sync reach the device, and most runs met no error at all).
     */
    public void exhaust() throws IOException {
        // the blocks of deleted files (logs of earlier checkpoints) given back to the image, lest new writes reuse them
        run("fstrim", root.toString());
        SmallDisk.fillUntilFull(backing.resolve("filler"));
    }

    /** The device writes again. */
    public void recover() throws IOException {
        Files.deleteIfExists(backing.resolve("filler"));
    }

    /**
     * The file system unmounted and mounted again (lobs54): its page cache gone, every file is read from the device, as
     * after a restart of the machine. What the device never took reads as it is there (a hole reads as zeros). The
     * store must be closed first.
     */
    public void remount() throws IOException {
        if (run("umount", root.toString()) == null
                || run("mount", "-t", "ext4", "-o", "errors=continue", loop, root.toString()) == null) {
            throw new IOException("the disk could not be mounted again");
        }
    }

    @Override
    public void close() {
        if (run("umount", root.toString()) == null) {
            run("umount", "-l", root.toString());
        }
        run("losetup", "-d", loop);
        run("umount", "-l", backing.toString());
    }

    /** The command's output, or null when it failed. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
