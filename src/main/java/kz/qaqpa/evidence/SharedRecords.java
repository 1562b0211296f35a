package kz.qaqpa.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Records logged under several applications: a provider's getMessages poll and the signed answer handing them out
 * ({@code ChannelLog.carrying}). Such an answer is signed whole, so it cannot be cut per application, and it holds
 * every application it hands out (other citizens' names, ИИН, addresses, children). An application's export
 * (ours, fix42c; review42's fourth finding) therefore gives such a record as its link only ({@link #WITHHELD}: its
 * number in the manifest, its line in the links, its content withheld) and, for an answer, this application's own
 * part of it ({@link #PARTS}): the {@code messages} elements about it exactly as the provider was handed them, which
 * show what the provider got but are not bound to the chain on their own (the whole record, from the gateway's log,
 * is: its detail hash is in the links).
 */
final class SharedRecords {
    /** The manifest's list of the records withheld, by number. */
    static final String WITHHELD = "withheld";
    /** The manifest's words on why, for the reader of the export. */
    static final String WITHHELD_NOTE = "withheld.note";
    static final String NOTE = "records shared with other applications (a provider's poll and the answer handing"
            + " them out): their content names the other applications, so only their links are in this export;"
            + " parts/<seq>.xml holds this application's part of such an answer, as handed out (not bound to the chain"
            + " on its own: compare it with the record in the gateway's log)";
    /** This application's part of a withheld answer: {@code parts/<seq>.xml}. */
    static final String PARTS = "parts/";
    /** The part's root element; its attributes name the application and the record. */
    static final String PART = "exportPart";
    private static final String RECORD = "record";
    /** An answer's message handed out, its info and the application it is about (unqualified, async-types.xsd). */
    private static final String MESSAGES = "messages";
    private static final String MESSAGE_INFO = "messageInfo";
    private static final String CORRELATION_ID = "correlationId";

    private SharedRecords() {
    }

    /** The record names more than one application. */
    static boolean shared(ChainRecord r) {
        return ChainRecord.applications(r.correlationId()).size() > 1;
    }

    /** An export's records: those given whole and those withheld, each in the chain's order. */
    record Split(List<ChainRecord> whole, List<ChainRecord> withheld) {
    }

    /**
     * The records of an export split into those given whole and those withheld: the shared ones after the first record
     * given whole (the application's first records are its own; the links begin at the first record given whole).
     */
    static Split split(List<ChainRecord> records) {
        List<ChainRecord> whole = new ArrayList<>();
        List<ChainRecord> withheld = new ArrayList<>();
        for (ChainRecord r : records) {
            (shared(r) && !whole.isEmpty() ? withheld : whole).add(r);
        }
        return new Split(whole, withheld);
    }

    /**
     * The application's part of a withheld record: its {@code messages} elements about {@code correlationId} (a poll's
     * answer) under {@link #PART}; empty when it has none (the poll's request).
     */
    static Optional<byte[]> part(ChainRecord r, String correlationId) {
        if (!MessageChain.OUT.equals(r.direction())) {
            return Optional.empty();
        }
        Document part = SecureXml.newDocument();
        Element root = part.createElementNS(null, PART);
        root.setAttribute(CORRELATION_ID, correlationId);
        root.setAttribute(RECORD, String.valueOf(r.seq()));
        root.setAttribute("messageSha256", r.messageSha256());
        part.appendChild(root);
        for (Element m : messages(SecureXml.parseStored(r.message()))) {
            if (correlationId.equals(correlationIdOf(m))) {
                root.appendChild(part.importNode(m, true));
            }
        }
        return root.hasChildNodes() ? Optional.of(SecureXml.serialize(part)) : Optional.empty();
    }

    /** What is wrong with an export's part of record {@code seq}, or empty: it must hold the application's messages only. */
    static Optional<String> partProblem(byte[] bytes, long seq, String correlationId) {
        Element root;
        try {
            root = SecureXml.parse(bytes).getDocumentElement();
        } catch (ShepException e) {
            return Optional.of("its part " + ExportEntries.partName(seq)
                    + " is not well-formed XML: " + e.getMessage());
        }
        if (!PART.equals(root.getLocalName()) || !correlationId.equals(root.getAttribute(CORRELATION_ID))
                || !String.valueOf(seq).equals(root.getAttribute(RECORD))) {
            return Optional.of("its part " + ExportEntries.partName(seq)
                    + " is not this application's part of this record");
        }
        List<Element> messages = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                messages.add(e);
            }
        }
        if (messages.isEmpty() || messages.stream().anyMatch(m -> !MESSAGES.equals(m.getLocalName())
                || !correlationId.equals(correlationIdOf(m)))) {
            return Optional.of("its part " + ExportEntries.partName(seq)
                    + " holds another application's message, or none");
        }
        return Optional.empty();
    }

    /** The answer's handed-out messages (elements {@code messages} with their info; none nested in a document). */
    private static List<Element> messages(Document doc) {
        NodeList all = doc.getElementsByTagNameNS("*", MESSAGES);
        List<Element> messages = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element m = (Element) all.item(i);
            if (child(m, MESSAGE_INFO) != null) {
                messages.add(m);
            }
        }
        return messages;
    }

    /** The correlationId of a handed-out message's info; null when it has none. */
    private static String correlationIdOf(Element message) {
        Element info = child(message, MESSAGE_INFO);
        Element id = info == null ? null : child(info, CORRELATION_ID);
        return id == null ? null : id.getTextContent().trim();
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }
}
