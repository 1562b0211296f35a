package kz.qaqpa.evidence;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.RulesInForce;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.LaterRules;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.trust.Sha256;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SignaturePolicy;
import kz.qaqpa.trust.SignerRole;
import kz.qaqpa.trust.SoapEnvelope;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Checks one record on its own: its hash against its content, its message against the message hash, its signer
 * certificate against the one logged, and its signatures again with the gateway's verifiers (secure validation),
 * the signer certificate chaining to a trusted root at the time the record was logged, under the configured signature
 * policy (allowed algorithms and key sizes as configured now; a signed Timestamp judged at that time). Revocation is not asked
 * again: it was checked when the message arrived, and a later revocation does not undo a signature made before it.
 *
 * <p>The gateway's own messages and the answers to its calls must be signed with a system's certificate
 * ({@link SignerRole#isSystem}), as the gateway signs and as its peer check requires today: a record signed otherwise
 * was not written by the gateway, or (an answer logged before session 24, which read no НУЦ usages) would be refused
 * now; either way it is named. The gateway's own messages must moreover name the gateway's БИН (its own certificate,
 * renewed or not): another organisation's system key re-signing one, the chain recomputed after it, is named too.
 * Likewise an answer to the gateway's call must name the БИН of the system called ({@link CalledSystems}).
 *
 * <p>Every message's transport signature is verified. Business documents inside are verified in the messages the
 * gateway sent (it only passes on documents it accepted); a refused request keeps the bad document it came with. A
 * passed-on document whose signer's certificate had ended by the record is judged at its arrival, which the walk's
 * {@link Arrivals} find ({@link DocumentArrival}).
 *
 * <p>A message the gateway took (an IN record) whose transport KeyInfo today's rule refuses (session 39: certificates
 * beside the sender's own, a certificate text with more than its own bytes or a character base64 does not have) is
 * judged by the rule it may have been taken by, when that rule takes exactly the logged certificate
 * ({@link EnvelopeVerifier#verifyLogged}); the verdict names such records ({@link EarlierRule#before}). The gateway's own
 * messages are judged by today's rule alone: it has always signed them with its certificate alone. Likewise an IN
 * record in which a second element carries the id the transport signature references (refused since session 65,
 * taken before): its signature verified over the right node, so it is named as judged by the earlier rule, not as a
 * signature that does not verify. So too, in any record, a signer's certificate issued for another purpose only
 * (refused since session 67: it still chains to a trusted root and verifies the signature), and a passed-on document
 * whose SignatureMethod is not of its key's family (refused since session 66: its value still verifies with that key).
 * Each later rule's refusal is noted ({@link LaterRules#noting}), never another's: a record failing anything else is named.
 * Where the store is at hand, only for a record logged before the store first ran that rule ({@link #boundedBy}); a
 * record from then on was taken by no gateway, and is named too.
 */
final class RecordCheck {
    private final TrustSetup.TrustedCertificates trusted;
    private final String gatewayBin;
    private final CalledSystems called;
    /** Told each record's number as its check begins (a long verification's progress); by default no one. */
    private final LongConsumer checking;
    /** Where the documents it passed on arrived, for one whose certificate had ended by the record; by default none. */
    private final Arrivals arrivals;
    /** The records of this walk judged by each rule before a later one ({@link LaterRules.Rule}), in its order. */
    private final Map<LaterRules.Rule, EarlierRule> earlier = new EnumMap<>(LaterRules.Rule.class);
    /**
     * From which record each later rule ran on the store ({@link RulesInForce}, review68b 3); a rule not in it (an
     * offline check, or a store no gateway of session 69 on has started on) bounds nothing.
     */
    private final Map<LaterRules.Rule, RulesInForce.Since> inForce;

    /**
     * @param gatewayBin the БИН the gateway's own certificate names ({@link TrustSetup#gatewayBin}); null when the
     *                   verifier was not told it, and then whose organisation signed the gateway's records is not judged
     * @param called     whose organisation answers each of the gateway's calls
     */
    RecordCheck(TrustSetup.TrustedCertificates trusted, String gatewayBin, CalledSystems called) {
        this(trusted, gatewayBin, called, seq -> { }, Arrivals.none(), Map.of());
    }

    private RecordCheck(TrustSetup.TrustedCertificates trusted, String gatewayBin, CalledSystems called,
                        LongConsumer checking, Arrivals arrivals, Map<LaterRules.Rule, RulesInForce.Since> inForce) {
        this.trusted = trusted;
        this.gatewayBin = gatewayBin;
        this.called = called;
        this.checking = checking;
        this.arrivals = arrivals;
        this.inForce = inForce;
        for (LaterRules.Rule rule : LaterRules.Rule.values()) {
            earlier.put(rule, EarlierRule.before(rule));
        }
    }

    /** The same check, telling {@code checking} each record's number as its check begins (archives and store alike). */
    RecordCheck reporting(LongConsumer checking) {
        return new RecordCheck(trusted, gatewayBin, called, checking, arrivals, inForce);
    }

    /**
     * The same check, noting a later rule's refusal only for records logged before the rule ran on the store
     * ({@code inForce}, by the rule's name; names this version does not know are left out).
     */
    RecordCheck boundedBy(Map<String, RulesInForce.Since> inForce) {
        Map<LaterRules.Rule, RulesInForce.Since> known = new EnumMap<>(LaterRules.Rule.class);
        for (LaterRules.Rule rule : LaterRules.Rule.values()) {
            if (inForce.containsKey(rule.name())) {
                known.put(rule, inForce.get(rule.name()));
            }
        }
        return new RecordCheck(trusted, gatewayBin, called, checking, arrivals, known);
    }

    /**
     * The same check for one walk over the log, finding where a passed-on document arrived in {@code arrivals} (the
     * walk's own records); what it notes ({@link #notes}) is the walk's alone.
     */
    RecordCheck arrivingBy(Arrivals arrivals) {
        return new RecordCheck(trusted, gatewayBin, called, checking, arrivals, inForce);
    }

    /**
     * What the verdict says of the records judged otherwise than the usual way: documents judged at their arrival,
     * records judged by a rule before a later one ({@link EarlierRule#before}). Empty when there were none.
     */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        arrivals.note().ifPresent(notes::add);
        earlier.values().forEach(rule -> rule.note().ifPresent(notes::add));
        return notes;
    }

    /** The БИН the gateway's own records must name, or null when the verifier was not told it. */
    String gatewayBin() {
        return gatewayBin;
    }

    /** The certificates and policy it judges by (also those of the log's time-stamps). */
    TrustSetup.TrustedCertificates trusted() {
        return trusted;
    }

    /** What is wrong with the record, or empty. */
    Optional<String> problem(ChainRecord r, byte[] certificateDer) {
        checking.accept(r.seq());
        if (!r.hash().equals(r.expectedHash())) {
            return Optional.of("its hash does not match its content: the record was changed");
        }
        if (!r.messageSha256().equals(Sha256.hex(r.message()))) {
            return Optional.of("its message does not match the message hash");
        }
        if (certificateDer == null || !r.certificateSha256().equals(Sha256.hex(certificateDer))) {
            return Optional.of("its signer certificate " + r.certificateSha256() + " is missing or changed");
        }
        X509Certificate certificate = certificate(certificateDer);
        if (!r.signerSubject().equals(certificate.getSubjectX500Principal().getName())
                || !r.signerSerial().equals(certificate.getSerialNumber().toString(16))) {
            return Optional.of("the signer it names is not the subject and serial of its certificate");
        }
        return signatures(r, certificate);
    }

    private Optional<String> signatures(ChainRecord r, X509Certificate logged) {
        Instant then = Instant.parse(r.loggedAt());
        SignaturePolicy policy = trusted.policyAt(then);
        CertificateValidator atTheTime = trusted.validatorAt(then);
        LaterRules rules = LaterRules.noting();
        try {
            Document envelope = SecureXml.parseStored(r.message());
            X509Certificate signer = MessageChain.IN.equals(r.direction())
                    ? EnvelopeVerifier.verifyLogged(envelope, policy, logged, rules)
                    : EnvelopeVerifier.verify(envelope, policy);
            if (!signer.equals(logged)) {
                return Optional.of("its message is signed by another certificate than the one logged");
            }
            atTheTime.validateLogged(signer, Purpose.SIGN, FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID, rules);
            Optional<String> wrongSigner = signerProblem(r, signer);
            if (wrongSigner.isPresent()) {
                return wrongSigner;
            }
            Map<LaterRules.Rule, String> noted = new EnumMap<>(LaterRules.Rule.class);
            noted.putAll(rules.refused());
            Optional<String> refusedThen = refusedInForce(r.seq(), rules.refused());
            if (refusedThen.isPresent()) {
                return refusedThen;
            }
            if (MessageChain.OUT.equals(r.direction())) {
                for (Element document : DocumentVerifier.signedElements(SoapEnvelope.anyBody(envelope.getDocumentElement()))) {
                    LaterRules documentRules = LaterRules.noting();
                    Optional<String> passedOn = passedOnProblem(r, then, document,
                            DocumentVerifier.verifyLogged(document, policy, documentRules), documentRules);
                    if (passedOn.isEmpty() && !documentRules.refused().isEmpty()) {
                        passedOn = refusedInForce(takenIn(r, document), documentRules.refused());
                    }
                    if (passedOn.isPresent()) {
                        return passedOn;
                    }
                    documentRules.refused().forEach(noted::putIfAbsent);
                }
            }
            noted.forEach((rule, why) -> earlier.get(rule).judged(r.seq(), why));
            return Optional.empty();
        } catch (ShepException e) {
            return Optional.of("its signature does not verify: " + e.getMessage());
        }
    }

    /**
     * The record in which the gateway took a document that record {@code r} passes on: the gateway judged it there, at
     * its arrival, and passes it on unjudged (review69b 1: one taken before the upgrade and passed on after it is
     * no other's). {@code r} itself when the log does not hold its arrival.
     */
    private long takenIn(ChainRecord r, Element document) {
        return DocumentArrival.of(r, document, arrivals).map(DocumentArrival::seq).orElse(r.seq());
    }

    /**
     * A later rule's refusal of what the gateway took in record {@code seq} once that rule ran on the store
     * (review68b 3): no gateway took it then, so it was written by someone else (the database's access, the chain
     * recomputed), as today's check would name it. Empty when no rule it refused was in force at that record.
     */
    private Optional<String> refusedInForce(long seq, Map<LaterRules.Rule, String> refused) {
        for (Map.Entry<LaterRules.Rule, String> rule : refused.entrySet()) {
            RulesInForce.Since since = inForce.get(rule.getKey());
            if (since != null && seq >= since.firstSeq()) {
                return Optional.of("a rule this store has run since " + since.at() + ", from record "
                        + since.firstSeq() + " on, refuses it: " + rule.getValue() + " (no gateway took it)");
            }
        }
        return Optional.empty();
    }

    /**
     * A later rule's refusal of archive file {@code file}'s {@code seal} certificate: noted as the earlier rule's
     * when the file was sealed (its stamp's time, or unstamped the time its manifest says) before the store ran the
     * rule, or when the store's rules are not at hand; after it, no gateway sealed with that certificate.
     */
    Optional<String> sealedUnder(String file, ArchiveSeal.Checked seal) {
        for (Map.Entry<LaterRules.Rule, String> rule : seal.refused().entrySet()) {
            RulesInForce.Since since = inForce.get(rule.getKey());
            if (since != null && !seal.time().isBefore(since.at())) {
                return Optional.of("its seal's certificate (" + seal.signer() + ") is not accepted at " + seal.time()
                        + ": " + rule.getValue() + " (a rule this store has run since " + since.at() + ": no gateway"
                        + " sealed with it)");
            }
        }
        seal.refused().forEach((rule, why) -> earlier.get(rule).judgedSeal(file, why));
        return Optional.empty();
    }

    /**
     * What is wrong with a document the gateway passed on in record {@code r}, logged at {@code then}: its signer's
     * certificate is judged at the record's time, or, when it had ended by then, at the document's arrival
     * ({@link DocumentArrival}). The gateway takes a document only while its certificate is valid (the request that
     * brought it is logged then) and may pass it on later (a callback retried while its recipient is down); a signature
     * made within the certificate's term does not end with it (validity at signing time, as XAdES judges it). A
     * certificate that had ended when the document arrived, or a document whose arrival the log does not hold, is named.
     */
    private Optional<String> passedOnProblem(ChainRecord r, Instant then, Element document, X509Certificate signer,
                                             LaterRules rules) {
        if (!then.isAfter(signer.getNotAfter().toInstant())) {
            trusted.validatorAt(then).validateLogged(signer, Purpose.DOCUMENT, FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID,
                    rules);
            return Optional.empty();
        }
        String passedOn = "it passes on a document signed by " + signer.getSubjectX500Principal().getName()
                + " whose certificate ended at " + signer.getNotAfter().toInstant() + ", before the record";
        Optional<DocumentArrival> arrival = DocumentArrival.of(r, document, arrivals);
        if (arrival.isEmpty()) {
            return Optional.of(passedOn + ", and no earlier incoming record of its application carries that document:"
                    + " when the gateway took it is not in the log");
        }
        try {
            trusted.validatorAt(arrival.get().at()).validateLogged(signer, Purpose.DOCUMENT,
                    FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID, rules);
        } catch (ShepException e) {
            return Optional.of(passedOn + ", and was not valid at its arrival (" + arrival.get().describe() + "): "
                    + e.getMessage());
        }
        arrivals.judged(arrival.get());
        return Optional.empty();
    }

    /**
     * A system's certificate where one must sign, and for the gateway's own messages one naming the gateway's БИН
     * (any certificate of the gateway, so a renewed one verifies; another organisation's system signs none of them).
     */
    private Optional<String> signerProblem(ChainRecord r, X509Certificate signer) {
        if (signedByASystem(r) && !SignerRole.isSystem(signer)) {
            return Optional.of("its message is signed by " + signer.getSubjectX500Principal().getName()
                    + ", not a system's certificate (a БИН, no ИИН, not issued to an individual): the gateway signs"
                    + " with none other, nor takes an answer to its calls signed with another");
        }
        String bin = SubjectIdentity.of(signer).bin();
        if (MessageChain.OUT.equals(r.direction()) && gatewayBin != null && !gatewayBin.equals(bin)) {
            return Optional.of("its message is signed by " + signer.getSubjectX500Principal().getName() + " (БИН " + bin
                    + "), not the gateway's БИН " + gatewayBin + ": the gateway signs its messages with its own"
                    + " certificate only");
        }
        return CalledSystems.settingOf(r).flatMap(key -> calledSystemProblem(r, key, bin, signer));
    }

    /**
     * An answer to the gateway's call signed by another organisation than the one called: the peer check logs none.
     * A called system the configuration does not name cannot be judged, and is not taken on trust either.
     */
    private Optional<String> calledSystemProblem(ChainRecord r, String key, String bin, X509Certificate signer) {
        String system = CalledSystems.systemOf(r);
        Optional<String> expected = called.bin(key);
        if (expected.isEmpty()) {
            return Optional.of("it answers a call to " + system + ", whose БИН the configuration does not name (" + key
                    + "): give it as the gateway had it (-D" + key + "=...) to judge who signed it");
        }
        return expected.get().equals(bin) ? Optional.empty() : Optional.of("its message is signed by "
                + signer.getSubjectX500Principal().getName() + " (БИН " + bin + "), not the БИН " + expected.get()
                + " of " + system + " (" + key + "): the gateway takes an answer to its call only from the"
                + " organisation it called");
    }

    /**
     * The gateway's own messages and the answers to its calls (it logs an answer only once its signer passed the
     * peer check). A channel's request is logged whoever signed it, refused ones included, so it is not judged here.
     */
    private static boolean signedByASystem(ChainRecord r) {
        return MessageChain.OUT.equals(r.direction()) || MessageChain.STATE_ANSWER.equals(r.kind())
                || MessageChain.CALLBACK_ANSWER.equals(r.kind());
    }

    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate", e);
        }
    }
}
