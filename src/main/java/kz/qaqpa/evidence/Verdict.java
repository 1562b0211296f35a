package kz.qaqpa.evidence;

/**
 * The outcome of a verification: how many records were checked and the head they lead to, or the first bad record
 * and what is wrong with it.
 *
 * @param badRecord the number of the first bad record, 0 when all are good or what is bad is no one record
 * @param note      what else a good verification showed or could not show (the noted head it passed), or null
 */
public record Verdict(long checked, long headSeq, String headHash, long badRecord, String problem, String note) {

    static Verdict good(long checked, long headSeq, String headHash, String note) {
        return new Verdict(checked, headSeq, headHash, 0, null, note);
    }

    static Verdict bad(long checked, long record, String problem) {
        return new Verdict(checked, 0, null, record, problem, null);
    }

    public boolean ok() {
        return problem == null;
    }

    @Override
    public String toString() {
        return ok() ? "OK: " + checked + " records verified; head is record " + headSeq + " with hash " + headHash
                + " (" + headSeq + ":" + headHash + ")" + (note == null ? "" : "; " + note)
                : badRecord == 0 ? "BAD: " + problem // the export as a whole, or a noted head named by its hash alone
                : "BAD: record " + badRecord + ": " + problem + " (" + checked + " records before it verified)";
    }
}
