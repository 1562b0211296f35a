package kz.qaqpa.store;

import java.nio.file.Path;

/**
 * A store left in a checkpoint's doubt in a JVM of its own ({@link DataFileDoubtAcrossStopTest#leaveInDoubt}), for a
 * test to kill the way {@code kill -9} does: it prints {@link #DOUBTED} once the doubt stands, then waits.
 */
final class DoubtedStoreProcess {
    /** The line printed once the doubt stands. */
    static final String DOUBTED = "the store's doubt stands";

    private DoubtedStoreProcess() {
    }

    /** @param args the store's directory */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Database db = Database.hsqldbFile(dir.toString(), 2);
        DataFileDoubtAcrossStopTest.leaveInDoubt(db, dir);
        System.out.println(DOUBTED);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // until killed; the store is never closed
    }
}
