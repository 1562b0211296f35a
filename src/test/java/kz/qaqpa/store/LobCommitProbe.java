package kz.qaqpa.store;

/**
 * A JVM of its own for {@link LargeBodyDurabilityTest}: opens the store in {@code args[0]}, commits one message log
 * entry whose reply ({@link #LARGE}) is too large for its row (kept in HSQLDB's {@code qaqpa.lobs}), prints "committed"
 * once the commit returned (the gateway answers then), and halts as a kill would: no close, no checkpoint. With
 * {@code args[1]} "wait" it waits instead, for the test to kill it (lobs54: kill -9).
 */
public final class LobCommitProbe {
    /** The reply committed, under message id "m-large". */
    static final String LARGE = "<reply>" + "x".repeat(Bodies.IN_ROW_BYTES) + "</reply>";

    private LobCommitProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Database db = Database.hsqldbFile(args[0], 1);
        db.inTransaction(() -> {
            MessageLogs.of(db).record("PORTAL", "m-large", "sendMessage", "S", "d".repeat(64), LARGE);
            return null;
        });
        System.out.println("committed");
        System.out.flush();
        if (args.length > 1 && args[1].equals("wait")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        Runtime.getRuntime().halt(0);
    }
}
