package kz.qaqpa.mocks.walkthrough;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text columns for a terminal: each column has its width, the last one takes what is left of
 * {@link #WIDTH}; a cell longer than its column wraps at spaces onto the row's next lines, in its own column (a word
 * longer than the column is cut). ops43: the walkthrough's step table ran past the terminal for a long norm
 * ({@code 3 calendar-days from-next-day} on CON) and a long outcome.
 */
final class TextTable {
    /** The widest line the walkthrough prints in a table: a terminal of 120 columns, less a margin. */
    static final int WIDTH = 116;
    private static final String INDENT = "  ";
    private static final String GAP = " ";
    private final int[] widths;

    /** Columns of the given widths, and a last one taking the rest of {@link #WIDTH}. */
    TextTable(int... widths) {
        int used = INDENT.length();
        for (int w : widths) {
            used += w + GAP.length();
        }
        this.widths = java.util.Arrays.copyOf(widths, widths.length + 1);
        this.widths[widths.length] = WIDTH - used;
    }

    /** The lines of one row: its cells (one more than the widths given), each wrapped within its column. */
    List<String> row(String... cells) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 0;
        for (int i = 0; i < widths.length; i++) {
            List<String> parts = wrap(i < cells.length && cells[i] != null ? cells[i] : "", widths[i]);
            wrapped.add(parts);
            height = Math.max(height, parts.size());
        }
        List<String> lines = new ArrayList<>();
        for (int line = 0; line < height; line++) {
            StringBuilder text = new StringBuilder(INDENT);
            for (int i = 0; i < widths.length; i++) {
                String part = line < wrapped.get(i).size() ? wrapped.get(i).get(line) : "";
                text.append(i == widths.length - 1 ? part : pad(part, widths[i]) + GAP);
            }
            lines.add(text.toString().stripTrailing());
        }
        return lines;
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces where it can be. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            while (word.length() > width) {
                flush(lines, line);
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                flush(lines, line);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        flush(lines, line);
        if (lines.isEmpty()) {
            lines.add("");
        }
        return lines;
    }

    private static void flush(List<String> lines, StringBuilder line) {
        if (line.length() > 0) {
            lines.add(line.toString());
            line.setLength(0);
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
