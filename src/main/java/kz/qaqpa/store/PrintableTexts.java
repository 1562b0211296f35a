package kz.qaqpa.store;

/**
 * The texts {@link MessageText#encode} made lately on this thread: each is printable ASCII only (0x20-0x7E), by
 * construction. A chain record's text reaches HSQLDB's text log on the thread that made it, moments later (the
 * transaction's records are encoded just before its commit, which writes the log), inside the commit's serialised
 * section; {@link PlainLogText} then need not read each of its characters again to know it plain (perf62: that check
 * was 2.6% of a sync look-up's CPU samples, perf61). Known by identity only: a String is immutable, so the object
 * encode returned holds what encode made; an equal text from anywhere else is checked as before. Bounded: the last
 * {@link #KEPT} texts of up to {@link #LONGEST} characters a thread (a look-up's envelopes are 4-4.5 KB), so a thread
 * holds at most 64 KB of them, whatever it logged.
 */
final class PrintableTexts {
    /** A look-up's four records, an application's intake and its answer fit; a larger transaction's first are checked. */
    private static final int KEPT = 8;
    private static final int LONGEST = 8 * 1024;
    private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

    private PrintableTexts() {
    }

    /** Notes {@code text}, made of printable ASCII only by {@link MessageText#encode} on this thread. */
    static void made(String text) {
        if (text.length() <= LONGEST) {
            RECENT.get().add(text);
        }
    }

    /** Whether this very object is one of this thread's last texts {@link #made}: its characters are 0x20-0x7E. */
    static boolean madeHere(String text) {
        return RECENT.get().holds(text);
    }

    private static final class Recent {
        private final String[] texts = new String[KEPT];
        private int next;

        void add(String text) {
            texts[next] = text;
            next = (next + 1) % KEPT;
        }

        boolean holds(String text) {
            for (String each : texts) {
                if (each == text) {
                    return true;
                }
            }
            return false;
        }
    }
}
