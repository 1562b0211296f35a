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

    /**
     * {@code text} with every control and format character as a {@code \\uXXXX} escape: an export's names and fields
     * are shown on the auditor's terminal, which would act on an escape sequence (erase the line, write "OK") or a
     * direction override.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    public boolean ok() {
        return problem == null;
    }

    @Override
    public String toString() {
        return ok() ? "OK: " + checked + " records verified; head is record " + headSeq + " with hash " + headHash
                + " (" + headSeq + ":" + headHash + ")" + (note == null ? "" : "; " + note)
                : badRecord == 0 ? "BAD: " + printable(problem) // the export as a whole, or a noted head by its hash
                : "BAD: record " + badRecord + ": " + printable(problem) + " (" + checked + " records before it"
                + " verified)";
    }
}
