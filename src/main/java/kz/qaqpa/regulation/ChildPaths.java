package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A field path that is a union ({@code |}) of {@link ChildPath}s, or one of them: the route files' persons with an
 * ИИН and a birth date ({@code field.birthDated}: {@code d:applicant | d:*}{@code /d:child}, …) are such unions. Walking
 * the DOM selects what XPath selects, each element once, in document order; for these the JDK's XPath built a table of
 * the whole document at every intake, about 1 MB allocated an application (perf54, docs/performance.md "Session 54").
 */
record ChildPaths(List<ChildPath> alternatives) {
    private static final Pattern BAR = Pattern.compile("\\s*\\|\\s*");

    /** The path as a union of child-step paths, or empty when any part of it is another expression. */
    static Optional<ChildPaths> of(String path) {
        List<ChildPath> alternatives = new ArrayList<>();
        for (String alternative : BAR.split(path, -1)) {
            Optional<ChildPath> walked = ChildPath.of(alternative);
            if (walked.isEmpty()) {
                return Optional.empty();
            }
            alternatives.add(walked.get());
        }
        return Optional.of(new ChildPaths(List.copyOf(alternatives)));
    }

    /** The elements the union selects from {@code context}, each once, in document order. */
    List<Element> select(Element context) {
        if (alternatives.size() == 1) {
            return alternatives.get(0).select(context);
        }
        Set<Element> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Element> found = new ArrayList<>();
        for (ChildPath alternative : alternatives) {
            for (Element e : alternative.select(context)) {
                if (seen.add(e)) {
                    found.add(e);
                }
            }
        }
        found.sort(ChildPaths::inDocumentOrder);
        return found;
    }

    private static int inDocumentOrder(Element a, Element b) {
        if (a == b) {
            return 0;
        }
        return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) != 0 ? -1 : 1;
    }
}
