package kz.qaqpa.evidence;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SoapEnvelope;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * When a document the gateway passed on arrived, as the log proves it: the first earlier incoming record of the same
 * application that carries the same signed document (the same ds:SignatureValue: the same signature bytes are the same
 * signed document), at the time a time-stamp of the chain shows that record existed where that is earlier than the
 * record's own time (the gateway's clock was ahead), else at the record's own time (our reading: a later stamp shows
 * nothing the record's time does not).
 *
 * @param seq     the record that brought the document
 * @param at      when it arrived
 * @param stamped {@code at} is a time-stamp's time, not the record's own
 */
record DocumentArrival(long seq, Instant at, boolean stamped) {

    /** The arrival of {@code document}, passed on by record {@code passing}, or empty when the log holds none. */
    static Optional<DocumentArrival> of(ChainRecord passing, Element document, Arrivals arrivals) {
        Optional<String> signature = DocumentVerifier.signatureValue(document);
        if (signature.isEmpty()) {
            return Optional.empty();
        }
        for (String id : ChainRecord.applications(passing.correlationId())) {
            long from = passing.firstRecordOf(id).orElseGet(() -> arrivals.firstOf(id));
            for (ChainRecord r : arrivals.records(id, from, passing.seq())) {
                Optional<Instant> logged = loggedAt(r);
                if (MessageChain.IN.equals(r.direction()) && logged.isPresent() && carries(r, signature.get())) {
                    Optional<Instant> stamp = arrivals.stampedBy(r.seq()).filter(t -> t.isBefore(logged.get()));
                    return Optional.of(new DocumentArrival(r.seq(), stamp.orElse(logged.get()), stamp.isPresent()));
                }
            }
        }
        return Optional.empty();
    }

    /** How the verdict names it. */
    String describe() {
        return "record " + seq + ", " + (stamped ? "time-stamped at " : "logged at ") + at;
    }

    private static Optional<Instant> loggedAt(ChainRecord r) {
        try {
            return Optional.of(Instant.parse(r.loggedAt()));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // no time to judge at
        }
    }

    /** Whether record {@code r}'s message carries a signed document whose SignatureValue is {@code signature}. */
    private static boolean carries(ChainRecord r, String signature) {
        try {
            Document envelope = SecureXml.parseStored(r.message());
            return DocumentVerifier.signedElements(SoapEnvelope.anyBody(envelope.getDocumentElement())).stream()
                    .map(DocumentVerifier::signatureValue)
                    .anyMatch(v -> v.isPresent() && v.get().equals(signature));
        } catch (ShepException | IllegalArgumentException e) {
            return false; // not a message that can carry it
        }
    }
}
