package kz.qaqpa.trust;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * attack65 (attack64's Left): an id a signature's reference names is carried by one element of the message only, under
 * any attribute some verifier takes for an ID. The gateway resolves wsu:Id and Id alone; libxml2 (xmlsec1) takes every
 * xml:id, and a Santuario, WSS4J or .NET verifier may have ID, id or another namespace's Id registered. An unsigned
 * element carrying the Body's id under one of those could be what such a verifier resolves the reference to: the
 * sender's signed message then fails there (an archive's, an auditor's check), or verifies over another element.
 * Values are compared as such a verifier reads an ID: XML white space at the ends dropped, runs of it made one space
 * (xml:id 1.0 section 4, attribute-value normalisation for ID types).
 */
final class ReferencedIds {
    /** XML's white space (XML 1.0 production S). */
    private static final Pattern WHITE_SPACE = Pattern.compile("[ \\t\\r\\n]+");
    /** The message's ID-like attributes in document order, each with its value as a verifier reads an ID. */
    private final List<Carrier> carriers = new ArrayList<>();

    private record Carrier(String value, Element element, Attr attribute) {
    }

    /**
     * Notes {@code element}'s ID-like attributes; called for each element, in document order, by the walk that
     * registers the message's ids (EnvelopeVerifier), so the message is walked once for both.
     */
    void note(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (idLike(attribute)) {
                carriers.add(new Carrier(normalised(attribute.getValue()), element, attribute));
            }
        }
    }

    /**
     * Refuses ({@code code}) a message in which an element other than its own target carries one of the referenced ids.
     *
     * @param targets each referenced id with the element the signature's reference resolves to
     * @param what    the signature, for the message ("transport signature")
     */
    void requireOneCarrier(Map<String, Element> targets, FaultCode code, String what) {
        Map<String, Element> byValue = new HashMap<>();
        targets.forEach((id, target) -> byValue.put(normalised(id), target));
        for (Carrier carrier : carriers) {
            Element target = byValue.get(carrier.value());
            if (target != null && target != carrier.element()) {
                throw new ShepException(code, "id '" + carrier.attribute().getValue() + "', which the " + what
                        + " references (" + target.getLocalName() + "), is carried by another element too ("
                        + carrier.element().getLocalName() + ", its attribute " + carrier.attribute().getName()
                        + "): a verifier that takes that attribute for an ID could resolve the reference to it");
            }
        }
    }

    /** wsu:Id, Id, ID, id, xml:id, or an id of any other namespace; never a namespace declaration. */
    private static boolean idLike(Attr attribute) {
        String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
        return !WsNames.XMLNS.equals(attribute.getNamespaceURI()) && "id".equals(name.toLowerCase(Locale.ROOT));
    }

    private static String normalised(String value) {
        String collapsed = WHITE_SPACE.matcher(value).replaceAll(" ");
        int from = collapsed.startsWith(" ") ? 1 : 0;
        int to = collapsed.length() - (collapsed.length() > from && collapsed.endsWith(" ") ? 1 : 0);
        return collapsed.substring(from, to);
    }
}
