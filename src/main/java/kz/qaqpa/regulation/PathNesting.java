package kz.qaqpa.regulation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.regulation.ElementDeclarations.Declaration;

/**
 * Whether the steps of a path in a route's pairs ({@link RepeatedFieldPaths}) nest as the schema nests the elements
 * they name: in {@code d:header/d:childName/d:lastName} the document holds {@code header}, which holds
 * {@code childName}, which holds {@code lastName}. A path whose every name the document may hold, but not one inside
 * the other ({@code d:child/d:lastName} where {@code lastName} sits in the child's {@code name}), finds nothing and
 * lets every result pass, as a misspelt name did (session 32).
 *
 * <p>Ours: child steps are judged, from the document (or, in a predicate, from the step it filters); what a step
 * reached through {@code //}, {@code ..}, an axis, {@code *}, a node test or an absolute path finds is not known, so
 * such a step is not judged, only the named steps after it (by the name before them), and nothing the check cannot
 * read is refused. Each step follows the declaration in its context (session 33, nesting21): {@code d:adopter/d:iin}
 * in an application whose {@code adopter} is an {@code AdopterRequest} is refused, though a result's {@code adopter}
 * (a {@code Person}) holds an {@code iin}; after a step not judged, the named step may be any declaration of its name.
 */
final class PathNesting {
    /** The element a step found, where the path does not say which. */
    private static final Reached UNKNOWN = new Reached(null, null);
    private static final String NAME = "[\\p{L}_][\\p{L}\\p{N}_.\\-]*";
    /** XPath's tokens, whitespace before each skipped; literals are written '' by the caller. */
    private static final Pattern TOKEN = Pattern.compile("\\s*(//|/|::|\\.\\.|\\.(?![0-9])|@(?:" + NAME + ":)?" + NAME
            + "|d:" + NAME + "|" + NAME + "|[0-9]*\\.?[0-9]+|''|!=|<=|>=|\\S)");

    private final ElementDeclarations declarations;

    /** @param declarations the element declarations of the documents' namespace, each in its context */
    PathNesting(ElementDeclarations declarations) {
        this.declarations = declarations;
    }

    /**
     * The first step of {@code path} (its literals written '') that its parent cannot hold, with that parent; empty
     * when every step it can judge nests.
     *
     * @param document the element the path starts from, or null where any element of the namespace may be
     */
    Optional<Misplaced> misplaced(String path, String document) {
        Walk walk = new Walk(document == null ? UNKNOWN : new Reached(document, declarations.global(document)));
        Matcher m = TOKEN.matcher(path);
        while (m.find()) {
            Optional<Misplaced> found = walk.next(m.group(1));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** A step's element name the schema does not let {@code parent} hold. */
    record Misplaced(String step, String parent) {
    }

    /** The element a chain of steps reached: its name and its possible declarations (null: not known). */
    private record Reached(String name, Set<Declaration> declarations) {
    }

    /** Where the reading of one path is: the element its current chain of steps has reached, and its contexts. */
    private final class Walk {
        /** The element a chain starting here reads from: the document, or inside a predicate the filtered step. */
        private final Deque<Reached> contexts = new ArrayDeque<>();
        /** The chains a predicate interrupted, each's element, resumed at its end. */
        private final Deque<Reached> interrupted = new ArrayDeque<>();
        /** The element the current chain reached; null: no chain under way. */
        private Reached at;
        private boolean afterSlash;
        /** The last token ended an operand: a {@code *} now multiplies. */
        private boolean operand;

        Walk(Reached document) {
            contexts.push(document);
        }

        Optional<Misplaced> next(String token) {
            boolean wasOperand = operand;
            operand = false;
            switch (token) {
                case "//", "::" -> step(UNKNOWN, true);
                case "/" -> step(at == null ? UNKNOWN : at, true); // at the start: an absolute path, not judged
                case "." -> operand(afterSlash ? at : contexts.peek());
                case ".." -> operand(UNKNOWN);
                case "*" -> star(wasOperand);
                case "[" -> openPredicate();
                case "]" -> closePredicate();
                default -> {
                    return other(token);
                }
            }
            return Optional.empty();
        }

        /** After an operand and not after a slash, {@code *} multiplies; otherwise it is a step to any element. */
        private void star(boolean wasOperand) {
            if (!afterSlash && wasOperand) {
                end();
            } else {
                operand(UNKNOWN);
            }
        }

        /** A predicate reads from the step it filters; the chain it interrupts resumes at its end. */
        private void openPredicate() {
            interrupted.push(at == null ? UNKNOWN : at);
            contexts.push(at == null ? UNKNOWN : at);
            end();
        }

        private void closePredicate() {
            contexts.pop();
            operand(interrupted.pop());
        }

        private Optional<Misplaced> other(String token) {
            if (token.startsWith("d:")) {
                Reached parent = afterSlash ? at : contexts.peek();
                String name = token.substring(2);
                Reached child = child(parent, name);
                operand(child);
                boolean held = child.declarations() == null || !child.declarations().isEmpty();
                return held ? Optional.empty() : Optional.of(new Misplaced(name, parent.name()));
            }
            if (afterSlash && (Character.isLetter(token.charAt(0)) || token.charAt(0) == '_'
                    || token.charAt(0) == '@')) {
                operand(UNKNOWN); // a node test (text(), node()) or an axis's name: not judged
            } else {
                end();
                operand = token.equals(")") || token.equals("''") || Character.isDigit(token.charAt(0))
                        || token.startsWith("@");
            }
            return Optional.empty();
        }

        private void step(Reached reached, boolean slash) {
            at = reached;
            afterSlash = slash;
        }

        /** A step that ends an operand: a {@code *} after it multiplies. */
        private void operand(Reached reached) {
            step(reached, false);
            operand = true;
        }

        private void end() {
            at = null;
            afterSlash = false;
        }
    }

    /** The declarations of {@code name} that {@code parent} may hold: none when it holds no such element. */
    private Reached child(Reached parent, String name) {
        if (parent.declarations() == null) {
            Set<Declaration> any = declarations.named(name);
            return any.isEmpty() ? UNKNOWN : new Reached(name, any);
        }
        return new Reached(name, declarations.children(parent.declarations(), name));
    }
}
