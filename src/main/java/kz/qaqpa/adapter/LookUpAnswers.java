package kz.qaqpa.adapter;

import java.util.Objects;
import java.util.function.BiPredicate;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.BusinessData;
import kz.qaqpa.channel.ContractDateTimes;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepNames;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Element;

/**
 * The checks a state system's signed answer passes before {@link StateRegistries} reads it or the gateway signs it on:
 * the sync contract's answer, naming (if anything) the request and session asked, its document one the schemas
 * declare and valid against them, about the one record asked for.
 */
final class LookUpAnswers {
    private static final QName LOOK_UP_ANSWER = new QName(ShepNames.SYNC, "SendMessageResponse");
    private final ContractSchemas schemas;

    LookUpAnswers(ContractSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * The document of an answer {@link #lookUpAnswer} validated, valid against the state system's schema; null where
     * {@code data} holds none (a plain value, nothing). Inline, the answer's validation validated it through the
     * contract's lax wildcard, which lets an element the schemas do not declare through unchecked (fix15); as escaped
     * text, which that validation saw as a string, it is read as the gate reads a request's and validated here (fix16).
     * One check that the schemas declare it covers both forms; one they do not declare is the system's failure, not
     * passed on unchecked.
     */
    Element answerDocument(Element answer) {
        Element inline = ShepXml.dataContent(answer);
        Element document = BusinessData.document(answer);
        if (document != null && !schemas.declares(document)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the answer's <" + document.getLocalName()
                    + "> in namespace '" + document.getNamespaceURI() + "' is no document the schemas declare");
        }
        if (inline == null && document != null) {
            schemas.validate(document);
        }
        return document;
    }

    /**
     * The gateway signs what it passes on: only the sync contract's answer, valid against the contract (its data is
     * the state system's document, any element). Anything else the system signed is its failure. Its dates are held
     * to the bound a client's are ({@link ContractDateTimes}): the gateway would sign on a responseDate of a million
     * digits, which the validator reads first, and the asker's JAXB after it.
     */
    Element lookUpAnswer(Element answer) {
        if (answer == null || !LOOK_UP_ANSWER.equals(new QName(answer.getNamespaceURI(), answer.getLocalName()))) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the answer is "
                    + (answer == null ? "an empty Body" : "<" + answer.getLocalName() + ">")
                    + ", not the sync channel's SendMessageResponse");
        }
        ContractDateTimes.requireReadable(answer);
        schemas.validate(answer);
        return answer;
    }

    /**
     * An answer that names the request it answers (its correlationId) or the session it belongs to (its sessionId),
     * each optional in the contract, must name this one: an answer to another request, e.g. an old one replayed, is
     * the system's failure, never passed on.
     */
    static Element answering(Element answer, String messageId, String sessionId) {
        Element info = Dom.childElement(Dom.childElement(answer, "response"), "responseInfo");
        requireNamedAlike(info, "correlationId", messageId, "request", String::equals);
        requireNamedAlike(info, "sessionId", sessionId, "session", SessionIds::same);
        return answer;
    }

    private static void requireNamedAlike(Element info, String field, String expected, String what,
            BiPredicate<String, String> alike) {
        Element named = Dom.childElement(info, field);
        String value = named == null ? "" : named.getTextContent().trim();
        // a call made outside any session (none sent) lets the system name its own
        if (!value.isEmpty() && expected != null && !alike.test(value, expected)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the answer names " + what + " " + value + ", not "
                    + expected);
        }
    }

    /**
     * A signed answer about another record than the one asked for, the record or a not-found naming it, is the state
     * system's failure (SCE910): never passed on under the gateway's signature, nor taken for the asked record's. An
     * answer that names no request (its correlationId is optional) may be an old one about anybody, replayed. A look-up
     * answered without a document says nothing about anyone. The answer is one record naming one key: a second record
     * after it, or a second key in it, would be read by some reader (a JAXB reader keeps the last) as the answer.
     * The key's fields are the system's qaqpa.service.<id>.asked-key, so a state system configured in properties
     * alone is held to it as the three the gateway asks itself (fix15: before, only those three were). An answer whose
     * {@code data} holds no document, a plain value or nothing, names no key (the asked key is a child of the answer's
     * document, AskedKey): refused alike (session 31: before, a forwarded look-up's was passed on as a match for any
     * request).
     */
    static void requireAboutTheAsked(String serviceId, StateRegistries.Endpoint target, Element query, Element answered) {
        AskedKey key = target.askedKey();
        if (answered == null) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " answered no document naming the"
                    + " asked " + key.answerField() + " (a plain value, or nothing)");
        }
        String asked = onlyKey(query, key.requestField());
        String named = Objects.equals(query.getNamespaceURI(), answered.getNamespaceURI())
                && Dom.nextSiblingElement(answered) == null ? onlyKey(answered, key.answerField()) : null;
        if (asked == null || !asked.equals(named)) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " answered about another "
                    + key.answerField() + " than the one asked");
        }
    }

    /**
     * The trimmed text of the one child {@code field} of {@code document}, in the document's namespace; null where it
     * has none, or more than one child of that name in any namespace.
     */
    static String onlyKey(Element document, String field) {
        String key = null;
        int count = 0;
        for (Element e = Dom.firstChildElement(document); e != null; e = Dom.nextSiblingElement(e)) {
            if (field.equals(e.getLocalName())) {
                count++;
                key = Objects.equals(document.getNamespaceURI(), e.getNamespaceURI()) ? e.getTextContent().trim() : null;
            }
        }
        return count == 1 ? key : null;
    }
}
