package kz.qaqpa.trust;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Element;

/**
 * Ours (perf45, issue 8): one walk of a signed document for content its signature leaves unsigned (SCE016), before
 * Santuario reads the signature: the ds:Signature's subtree first, against {@link SignatureContent}'s allow-list,
 * then every other element's namespace declarations, against {@link SignedNamespaces}' rule. Each element is visited
 * once. The signature comes first because the second check needs its Reference's transforms, read here from the
 * signature once the allow-list has taken its shape: the same Transform elements Santuario reads. A signature
 * without exactly one Reference (or without SignedInfo first) gets no namespace check here: Santuario and
 * {@code DocumentVerifier.requireWholeElementReference} refuse it next, as before. Comments, which no
 * whole-document reference digests, are looked for in a walk of their own ({@link SignedComments}, attack50): the
 * namespace walk is skipped where an inclusive canonicalization digests every declaration, comments never are.
 */
final class SignedDocumentWalk {
    private SignedDocumentWalk() {
    }

    /** Refuses (SCE016) what nobody signed in {@code root}, whose enveloped signature is {@code signature}. */
    static void requireNothingUnsigned(Element root, Element signature) {
        SignatureContent.requireOnlyKnownContent(signature);
        SignedComments.requireNone(root, signature);
        Element reference = onlyReference(signature);
        if (reference != null) {
            List<Element> transforms = transforms(reference);
            SignedNamespaces.requireCovered(root, signature, algorithms(transforms), inclusivePrefixes(transforms));
        }
    }

    /** SignedInfo's one Reference, where SignedInfo is the signature's first element (as Santuario takes it). */
    private static Element onlyReference(Element signature) {
        Element signedInfo = Dom.firstChildElement(signature);
        if (signedInfo == null || !Dom.is(signedInfo, WsNames.DS, "SignedInfo")) {
            return null;
        }
        List<Element> references = Dom.children(signedInfo, WsNames.DS, "Reference");
        return references.size() == 1 ? references.get(0) : null;
    }

    /** The Transform elements of the Reference's Transforms, where that is its first element (as Santuario reads). */
    private static List<Element> transforms(Element reference) {
        Element first = Dom.firstChildElement(reference);
        return first != null && Dom.is(first, WsNames.DS, "Transforms")
                ? Dom.children(first, WsNames.DS, "Transform") : List.of();
    }

    private static List<String> algorithms(List<Element> transforms) {
        List<String> uris = new ArrayList<>(transforms.size());
        for (Element transform : transforms) {
            uris.add(transform.getAttributeNS(null, "Algorithm"));
        }
        return uris;
    }

    /** The PrefixList of each transform's InclusiveNamespaces, split at XML's whitespace. */
    private static Set<String> inclusivePrefixes(List<Element> transforms) {
        Set<String> prefixes = new HashSet<>();
        for (Element transform : transforms) {
            for (Element list : Dom.children(transform, WsNames.EXC_C14N, "InclusiveNamespaces")) {
                prefixes.addAll(Arrays.asList(list.getAttribute("PrefixList").trim().split("[ \\t\\r\\n]+")));
            }
        }
        return prefixes;
    }
}
