package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A field path made only of child steps in the document's namespace, each with an optional position
 * ({@code d:header/d:childIin}, {@code d:child[1]/d:iin}, {@code d:*}{@code /d:child}): most of the route files' paths. Walking the DOM for them
 * selects what XPath selects, in document order, without the JDK's XPath building a table of the whole document on
 * every evaluation (the intake's largest cost outside signatures and the store in session 31's profile). Any other
 * expression is left to XPath.
 */
record ChildPath(List<Step> steps) {
    private static final String NAME = "[\\p{L}_][\\p{L}\\p{N}._-]*";
    /** A step's name, or {@link #ANY}: every element of the document's namespace ({@code d:*}). */
    private static final Pattern STEP = Pattern.compile("d:(" + NAME + "|\\*)(?:\\[([1-9][0-9]{0,8})])?");
    private static final String ANY = "*";
    private static final Pattern PATH = Pattern.compile(STEP.pattern() + "(?:/" + STEP.pattern() + ")*");

    /** One step: children named {@code name} in the document's namespace, the {@code position}-th of them if not 0. */
    record Step(String name, int position) {
    }

    /** The path as child steps, or empty when it is any other expression. */
    static Optional<ChildPath> of(String path) {
        if (!PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        List<Step> steps = new ArrayList<>();
        for (String step : path.split("/")) {
            var m = STEP.matcher(step);
            if (!m.matches()) {
                return Optional.empty();
            }
            steps.add(new Step(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
        }
        return Optional.of(new ChildPath(List.copyOf(steps)));
    }

    /** The elements the path selects from {@code context}, whose namespace is the prefix d's, in document order. */
    List<Element> select(Element context) {
        String namespace = context.getNamespaceURI();
        List<Element> found = List.of(context);
        for (Step step : steps) {
            List<Element> next = new ArrayList<>();
            for (Element parent : found) {
                children(parent, namespace, step, next);
            }
            if (next.isEmpty()) {
                return next;
            }
            found = next;
        }
        return found;
    }

    private static void children(Element parent, String namespace, Step step, List<Element> into) {
        int seen = 0;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (step.name().equals(ANY) || step.name().equals(e.getLocalName()))
                    && Objects.equals(namespace, e.getNamespaceURI())) {
                seen++;
                if (step.position() == 0) {
                    into.add(e);
                } else if (seen == step.position()) {
                    into.add(e);
                    return;
                }
            }
        }
    }
}
