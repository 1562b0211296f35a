package kz.qaqpa.evidence;

/**
 * The outcome of a verification: how many records were checked and the head they lead to, or the first bad record
 * and what is wrong with it.
 *
 * @param badRecord the number of the first bad record, 0 when all are good
 */
public record Verdict(long checked, long headSeq, String headHash, long badRecord, String problem) {

    static Verdict good(long checked, long headSeq, String headHash) {
        return new Verdict(checked, headSeq, headHash, 0, null);
    }

    static Verdict bad(long checked, long record, String problem) {
        return new Verdict(checked, 0, null, record, problem);
    }

    public boolean ok() {
        return problem == null;
    }

    @Override
    public String toString() {
        return ok() ? "OK: " + checked + " records verified; head is record " + headSeq + " with hash " + headHash
                : "BAD: record " + badRecord + ": " + problem + " (" + checked + " records before it verified)";
    }
}
