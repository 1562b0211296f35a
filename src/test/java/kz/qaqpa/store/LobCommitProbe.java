package kz.qaqpa.store;

/**
 * A JVM of its own for {@link LargeBodyDurabilityTest}: opens the store in {@code args[0]}, commits one message log
 * entry whose reply is too large for its row (kept in HSQLDB's {@code qaqpa.lobs}), prints "committed" once the commit
 * returned (the gateway answers then), and halts as a kill would: no close, no checkpoint.
 */
public final class LobCommitProbe {
    private LobCommitProbe() {
    }

    public static void main(String[] args) {
        Database db = Database.hsqldbFile(args[0], 1);
        String large = "<reply>" + "x".repeat(Bodies.IN_ROW_BYTES) + "</reply>";
        db.inTransaction(() -> {
            new MessageLog(db).record("PORTAL", "m-large", "sendMessage", "S", "d".repeat(64), large);
            return null;
        });
        System.out.println("committed");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
