package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * At start: every pair the loaded routes give in {@code result.repeats.<result>} and {@code result.restsOnAct.<result>}
 * reads fields its documents can have. A pair compares what its two paths find, and a path that can find nothing
 * (a misspelt element, a field of the other document, a name without the prefix) lets every result pass: a typo in
 * a route file would switch the regulation's check off unnoticed (session 30's open item). So each path must compile
 * as the check reads it (XPath, prefix {@code d} alone), name its elements with that prefix, and name only elements
 * that its side's schema (qaqpa.documents.schemas) declares inside that document: the result's side inside the
 * result ({@code <result>} in the namespace of the route's {@code document}), the application's inside the
 * application (the route's {@code document}); an act's side (restsOnAct) anywhere in that namespace's schemas, the
 * act being a template's parameter. And the path's steps must nest as the schema nests those elements
 * ({@link PathNesting}, session 32): a path naming the document's elements in an order they never take finds nothing
 * either.
 */
public final class RepeatedFieldPaths {
    private static final String REPEATS = "result.repeats.";
    private static final String RESTS_ON_ACT = "result.restsOnAct.";
    /** A string literal of a path: its text is no element name. */
    private static final Pattern LITERAL = Pattern.compile("'[^']*'|\"[^\"]*\"");
    /** A name in a path (not an attribute's, a variable's or a prefix's local part) and what follows it. */
    private static final Pattern NAME = Pattern.compile(
            "(?<![@$\\p{L}\\p{N}_.\\-:])([\\p{L}_][\\p{L}\\p{N}_.\\-]*)(?![\\p{L}\\p{N}_.\\-])(\\s*(?:::|:|\\())?");
    /** A prefixed element name: {@code d:} and its local part. */
    private static final Pattern PREFIXED = Pattern.compile("(?<![@$\\p{L}\\p{N}_.\\-])d:([\\p{L}_][\\p{L}\\p{N}_.\\-]*)");
    /** XPath's operator names, which read as names. */
    private static final Set<String> OPERATORS = Set.of("and", "or", "div", "mod");

    private RepeatedFieldPaths() {
    }

    /** Throws IllegalStateException naming the route, the variable and the path whose field no document can have. */
    public static void require(List<RouteFlow> flows, DocumentSchemas schemas) {
        for (RouteFlow flow : flows) {
            String document = flow.settings().get("document");
            // set before the route's steps (the shipped routes) or in one of them
            List<Map<String, String>> sets = new ArrayList<>(List.of(flow.settings()));
            flow.steps().forEach(step -> sets.add(step.variables()));
            for (Map<String, String> variables : sets) {
                variables.forEach((name, pairs) -> {
                    if (name.startsWith(REPEATS) || name.startsWith(RESTS_ON_ACT)) {
                        requirePairs(new Where(flow.id(), name, document), pairs, schemas);
                    }
                });
            }
        }
    }

    /** The route variable a pair is given in, and the route's application document ({namespace}local, or null). */
    private record Where(String route, String variable, String document) {
        IllegalStateException refused(String why) {
            return new IllegalStateException("route " + route + " sets " + variable + " with " + why
                    + ": the check would pass every result (docs/security.md, Session 31 review, answers17)");
        }
    }

    private static void requirePairs(Where where, String pairs, DocumentSchemas schemas) {
        if (where.document() == null) {
            throw where.refused("no document variable naming the application, so its paths cannot be checked");
        }
        QName application = QName.valueOf(where.document());
        String namespace = application.getNamespaceURI();
        String result = where.variable().substring(where.variable().lastIndexOf('.') + 1);
        Set<String> resultNames = schemas.namesWithin(namespace, result)
                .orElseThrow(() -> where.refused("a result <" + result + "> no schema of namespace '" + namespace
                        + "' declares"));
        Set<String> otherNames = where.variable().startsWith(RESTS_ON_ACT) ? schemas.namesIn(namespace)
                : schemas.namesWithin(namespace, application.getLocalPart()).orElseThrow(() -> where.refused(
                        "an application " + application + " no schema declares"));
        PathNesting nesting = new PathNesting(schemas.declarationsIn(namespace));
        // an act (restsOnAct) is a template's parameter: its paths may start from any element of the namespace
        String otherRoot = where.variable().startsWith(RESTS_ON_ACT) ? null : application.getLocalPart();
        for (RepeatedField field : parse(where, pairs)) {
            for (String path : field.resultPaths()) {
                requirePath(where, path, field.everyNode(), namespace, result, resultNames);
                requireNesting(where, path, nesting, result);
            }
            for (String path : field.applicationPaths()) {
                requirePath(where, path, field.everyNode(), namespace, application.getLocalPart(), otherNames);
                requireNesting(where, path, nesting, otherRoot);
            }
        }
    }

    /** The steps of {@code path} nest as the schema nests their elements, from {@code root} (null: any element). */
    private static void requireNesting(Where where, String path, PathNesting nesting, String root) {
        nesting.misplaced(LITERAL.matcher(path).replaceAll("''"), root).ifPresent(m -> {
            throw where.refused("the path '" + path + "', whose d:" + m.step() + " the schema does not let "
                    + (m.parent().equals(root) ? "the document <" + root + ">" : "its parent d:" + m.parent())
                    + " hold as a child: its steps do not nest as the document's elements do");
        });
    }

    private static List<RepeatedField> parse(Where where, String pairs) {
        try {
            return RepeatedField.parse(pairs);
        } catch (ShepException e) {
            throw where.refused(e.getMessage());
        }
    }

    /** {@code path} compiles as the check reads it and names, with the prefix, elements {@code declared} alone. */
    private static void requirePath(Where where, String path, boolean everyNode, String namespace, String document,
                                    Set<String> declared) {
        if (path.isBlank()) {
            throw where.refused("a pair without a path");
        }
        Element empty = SecureXml.parseText("<d:" + document + " xmlns:d='" + namespace + "'/>").getDocumentElement();
        try {
            if (everyNode) {
                DocumentFields.elements(empty, path);
            } else {
                DocumentFields.value(empty, path);
            }
        } catch (ShepException e) {
            throw where.refused("the path '" + path + "', which does not compile as XPath with the prefix d alone"
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
        String names = LITERAL.matcher(path).replaceAll("''");
        Matcher unprefixed = NAME.matcher(names);
        while (unprefixed.find()) {
            if (unprefixed.group(2) == null && !OPERATORS.contains(unprefixed.group(1))) {
                throw where.refused("the path '" + path + "', whose '" + unprefixed.group(1) + "' has no prefix d:"
                        + " it names an element of no namespace, which no document of the service has");
            }
        }
        Matcher prefixed = PREFIXED.matcher(names);
        while (prefixed.find()) {
            if (!declared.contains(prefixed.group(1))) {
                throw where.refused("the path '" + path + "', whose d:" + prefixed.group(1) + " the schema does not"
                        + " declare inside <" + document + ">");
            }
        }
    }
}
