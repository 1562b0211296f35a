package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks the transport signature made by {@link EnvelopeSigner}, a ШЭП client, WSS4J (CXF) or WCF, and returns the
 * signer certificate.
 *
 * <p>The certificate is <em>not</em> validated here; the caller passes it to {@link CertificateValidator}.
 * Against signature wrapping: one wsse:Security header with one signature; its references are the one Body that
 * is a direct child of the Envelope and, optionally, the wsu:Timestamp of that same header, nothing else; every id
 * is unique in the whole message, and a referenced one is carried by no other element under any ID-like attribute
 * ({@link ReferencedIds}); and what Santuario digested must be those very nodes. Algorithms are checked
 * against the {@link SignaturePolicy} before anything is computed, the Timestamp's Expires after the signature.
 */
public final class EnvelopeVerifier {
    private static final FaultCode INVALID = FaultCode.TRANSPORT_SIGNATURE_INVALID;

    private EnvelopeVerifier() {
    }

    /** With the default policy (mocks and test clients; the gateway passes its configured one). */
    public static X509Certificate verify(Document soapEnvelope) {
        return verify(soapEnvelope, SignaturePolicy.DEFAULT);
    }

    public static X509Certificate verify(Document soapEnvelope, SignaturePolicy policy) {
        return verifyWithSignedInfo(soapEnvelope, policy).certificate();
    }

    /**
     * As {@link #verify(Document, SignaturePolicy)}, with the SignedInfo in canonical form that the check verified:
     * a request's or an answer's, whose replay is known by them (replay45: the channels' polls and status queries,
     * {@code ReplayMemory}; attack64: the answers to callbacks, {@code CallbackCall}).
     */
    public static Verified verifyWithSignedInfo(Document soapEnvelope, SignaturePolicy policy) {
        Checked checked = verify(soapEnvelope, policy, (signature, security, ids) -> new TokenReference.Taken(
                TokenReference.signerCertificate(signature, security, ids, policy), null), LaterRules.refusing());
        return new Verified(checked.taken().certificate(), checked.signedInfo());
    }

    /**
     * A verified envelope's signer certificate and the octets its signature signs: the SignedInfo in canonical form,
     * as the check canonicalised it (so not canonicalised again for {@link #signedInfoDigest(byte[])}).
     */
    public record Verified(X509Certificate certificate, byte[] signedInfo) {
    }

    /**
     * A logged message verified again for the message log's checks: as {@link #verify(Document, SignaturePolicy)}, but
     * a KeyInfo whose form today's rule refuses is read as the gateway read it before session 39 (chain28, review39b)
     * when that reading takes exactly {@code logged}, the certificate logged with it ({@link TokenReference#loggedSigner}).
     * The signature itself, its references and Timestamp are checked as today, with that certificate's key. An element
     * beside a referenced one carrying its id under another ID-like attribute ({@link ReferencedIds}, session 65) is
     * not refused: the gateway before session 65 took such a message, its signature verified over the right node.
     * Both are noted in {@code rules} ({@link LaterRules#noting}).
     */
    public static X509Certificate verifyLogged(Document soapEnvelope, SignaturePolicy policy, X509Certificate logged,
                                               LaterRules rules) {
        Checked checked = verify(soapEnvelope, policy,
                (signature, security, ids) -> TokenReference.loggedSigner(signature, security, ids, policy, logged),
                rules);
        if (checked.taken().refusedToday() != null) {
            rules.note(LaterRules.Rule.KEY_INFO, checked.taken().refusedToday());
        }
        return checked.taken().certificate();
    }

    /**
     * The Created of the wsu:Timestamp that the transport signature of {@code verifiedEnvelope} covers, if it covers
     * one that has a Created: what dates a message that carries no date of its own in its Body (a poll without
     * requestDate, {@code MessageFreshness}). Only for an envelope {@link #verify} took: there the Timestamp's
     * reference names its id exactly and was digested as that very node. An unsigned Timestamp dates nothing.
     */
    public static Optional<java.time.Instant> signedCreated(Document verifiedEnvelope) {
        Element security = securityHeader(verifiedEnvelope.getDocumentElement());
        Element timestamp = WsTimestamp.of(security);
        String id = timestamp == null ? "" : idOf(timestamp);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        boolean signed = Dom.children(signature(security), WsNames.DS, "SignedInfo").stream()
                .flatMap(info -> Dom.children(info, WsNames.DS, "Reference").stream())
                .anyMatch(reference -> ("#" + id).equals(reference.getAttribute("URI")));
        return signed ? Optional.ofNullable(WsTimestamp.created(timestamp)) : Optional.empty();
    }

    /**
     * The SHA-256 (hex) of the transport signature's SignedInfo in canonical form: the very octets the signature signs,
     * holding the digests of the Body and of a signed Timestamp. Nothing of a signed message can change without
     * changing them or breaking its signature; the SignatureValue's text can (its base64 may be written in lines, and
     * an ECDSA value has a second form that verifies). So it tells one signed request from another (replay44,
     * {@code ReplayMemory}). Only for an envelope {@link #verify} took, or one logged after it did.
     */
    public static String signedInfoDigest(Document verifiedEnvelope) {
        Santuario.init();
        Element signatureElement = signature(securityHeader(verifiedEnvelope.getDocumentElement()));
        try {
            return Sha256.hex(new XMLSignature(signatureElement, "", true).getSignedInfo().getCanonicalizedOctetStream());
        } catch (XMLSecurityException | java.io.IOException e) {
            throw new ShepException(INVALID, "transport signature cannot be processed: " + e.getMessage(), e);
        }
    }

    /**
     * {@link #signedInfoDigest(Document)} of a verified envelope from its SignedInfo's canonical octets at hand
     * ({@link Verified#signedInfo}): the same key, without canonicalising them again.
     */
    public static String signedInfoDigest(byte[] canonicalSignedInfo) {
        return Sha256.hex(canonicalSignedInfo);
    }

    /** What {@link #verify(Document, SignaturePolicy, KeyInfoReading, LaterRules)} checked: the signer, the signed octets. */
    private record Checked(TokenReference.Taken taken, byte[] signedInfo) {
    }

    /** How the signer certificate is found in the signature's KeyInfo. */
    @FunctionalInterface
    private interface KeyInfoReading {
        TokenReference.Taken signer(Element signature, Element security, Map<String, Element> ids);
    }

    /**
     * {@code rules}: an element carrying a referenced id beside its own target ({@link ReferencedIds}) is refused
     * (SCE006) before the signature value is computed, or noted for a logged message.
     */
    private static Checked verify(Document soapEnvelope, SignaturePolicy policy, KeyInfoReading keyInfo, LaterRules rules) {
        Santuario.init();
        Element envelope = soapEnvelope.getDocumentElement();
        Element body = SoapEnvelope.anyBody(envelope);
        Element security = securityHeader(envelope);
        Element signatureElement = signature(security);
        ReferencedIds carriers = new ReferencedIds();
        Map<String, Element> ids = registerUniqueIds(envelope, carriers);
        String bodyId = idOf(body);
        if (bodyId.isEmpty()) {
            throw new ShepException(INVALID, "soap:Body carries no wsu:Id, so the signature cannot cover it");
        }
        Element timestamp = WsTimestamp.of(security);
        policy.checkAlgorithms(signatureElement, "transport", INVALID);
        TokenReference.Taken taken = keyInfo.signer(signatureElement, security, ids);
        X509Certificate certificate = taken.certificate();
        try {
            XMLSignature signature = new XMLSignature(signatureElement, "", true);
            Map<Reference, Element> references = references(signature, body, bodyId, timestamp);
            rules.apply(LaterRules.Rule.ID_CARRIERS,
                    () -> carriers.requireOneCarrier(referencedIds(references), INVALID, "transport signature"));
            // canonicalised once: Santuario keeps these octets, and the check below signs them (signInOctetStream)
            byte[] signedInfo = signature.getSignedInfo().getCanonicalizedOctetStream();
            policy.checkKey(certificate);
            checkValue(signature, certificate, references);
            for (Map.Entry<Reference, Element> reference : references.entrySet()) {
                requireReferencedNode(reference.getKey(), reference.getValue());
            }
            if (timestamp != null) {
                WsTimestamp.requireCurrent(timestamp, policy);
            }
            return new Checked(taken, signedInfo);
        } catch (XMLSecurityException | java.io.IOException e) {
            throw new ShepException(INVALID, "transport signature cannot be processed: " + e.getMessage(), e);
        }
    }

    private static Element securityHeader(Element envelope) {
        Element header = SoapEnvelope.anyHeader(envelope);
        List<Element> securities = header == null ? List.of() : Dom.children(header, WsNames.WSSE, "Security");
        if (securities.isEmpty()) {
            throw new ShepException(FaultCode.TRANSPORT_NOT_SIGNED, "message has no wsse:Security header");
        }
        if (securities.size() > 1) {
            throw new ShepException(INVALID, "message has " + securities.size() + " wsse:Security headers, expected one");
        }
        if (!SoapHeaders.forReceiver(securities.get(0))) {
            // attack61: a receiver here answers to no actor URI of its own, its URL included (SOAP 1.1 4.2.2 leaves
            // them to the node; the ШЭП contract's header carries none), so the text says how to address it
            throw new ShepException(FaultCode.TRANSPORT_NOT_SIGNED, "the message's wsse:Security header is addressed to '"
                    + SoapHeaders.addressee(securities.get(0)) + "', not to its receiver, which answers to no actor URI"
                    + " of its own: send it with no soapenv:actor (or with " + SoapHeaders.NEXT + ")");
        }
        return securities.get(0);
    }

    private static Element signature(Element security) {
        List<Element> signatures = Dom.children(security, WsNames.DS, "Signature");
        if (signatures.isEmpty()) {
            throw new ShepException(FaultCode.TRANSPORT_NOT_SIGNED, "wsse:Security header holds no ds:Signature");
        }
        if (signatures.size() > 1) {
            throw new ShepException(INVALID, "wsse:Security header holds " + signatures.size() + " signatures, expected one");
        }
        return signatures.get(0);
    }

    /**
     * DOM does not know which attributes are IDs; wsu:Id is the standard one, a plain Id is used by some clients.
     * An id value used twice anywhere in the message is refused: it is how a wrapped copy gets itself resolved. The
     * same walk notes every ID-like attribute for {@link ReferencedIds}.
     */
    private static Map<String, Element> registerUniqueIds(Element envelope, ReferencedIds carriers) {
        Map<String, Element> ids = new HashMap<>();
        Dom.forEachElement(envelope, e -> {
            carriers.note(e);
            for (String namespace : new String[] {WsNames.WSU, null}) {
                if (e.hasAttributeNS(namespace, "Id")) {
                    e.setIdAttributeNS(namespace, "Id", true);
                    Element previous = ids.put(e.getAttributeNS(namespace, "Id"), e);
                    if (previous != null && previous != e) {
                        throw new ShepException(INVALID, "id '" + e.getAttributeNS(namespace, "Id") + "' is used by more than"
                                + " one element (" + previous.getLocalName() + ", " + e.getLocalName() + ")");
                    }
                }
            }
        });
        return ids;
    }

    private static String idOf(Element element) {
        return element.hasAttributeNS(WsNames.WSU, "Id") ? element.getAttributeNS(WsNames.WSU, "Id") : element.getAttributeNS(null, "Id");
    }

    /** Each reference with the node it must resolve to: the Body always, the header's own Timestamp optionally. */
    private static Map<Reference, Element> references(XMLSignature signature, Element body, String bodyId, Element timestamp)
            throws XMLSecurityException {
        int count = signature.getSignedInfo().getLength();
        String timestampId = timestamp == null ? "" : idOf(timestamp);
        Map<Reference, Element> targets = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Reference reference = signature.getSignedInfo().item(i);
            String uri = reference.getURI();
            Element target = ("#" + bodyId).equals(uri) ? body
                    : !timestampId.isEmpty() && ("#" + timestampId).equals(uri) ? timestamp : null;
            if (target == null) {
                throw new ShepException(INVALID, "transport signature references '" + uri + "'; only soap:Body (id '" + bodyId
                        + "') and the wsu:Timestamp of the same wsse:Security header may be signed");
            }
            if (targets.containsValue(target)) {
                throw new ShepException(INVALID, "transport signature references " + uri + " twice");
            }
            requireCanonicalizationsOnly(reference);
            targets.put(reference, target);
        }
        if (!targets.containsValue(body)) {
            throw new ShepException(INVALID, "transport signature does not cover soap:Body (id '" + bodyId + "')");
        }
        return targets;
    }

    /** Each reference's id (its URI without the '#') with the element it resolves to. */
    private static Map<String, Element> referencedIds(Map<Reference, Element> references) {
        Map<String, Element> ids = new HashMap<>();
        references.forEach((reference, target) -> ids.put(reference.getURI().substring(1), target));
        return ids;
    }

    /**
     * Canonicalizations only, after an enveloped-signature transform as the first, where a client puts one (ours:
     * node-soap's WSSecurityCert does by default, on the Timestamp's reference). That transform takes out of the
     * digest only the signature it belongs to, which is a child of the wsse:Security header, never inside the Body or
     * the Timestamp it references: it leaves them whole. Anywhere else it would work on canonical octets parsed again.
     */
    private static void requireCanonicalizationsOnly(Reference reference) throws XMLSecurityException {
        List<String> transforms = Santuario.transforms(reference);
        for (int i = 0; i < transforms.size(); i++) {
            String transform = transforms.get(i);
            boolean envelopedFirst = i == 0 && WsNames.ENVELOPED.equals(transform);
            if (!envelopedFirst && !Santuario.CANONICALIZATIONS.contains(transform)) {
                throw new ShepException(INVALID, "transform " + transform + " is not accepted in the transport signature"
                        + (WsNames.ENVELOPED.equals(transform) ? " after another transform" : ""));
            }
        }
    }

    private static void checkValue(XMLSignature signature, X509Certificate certificate, Map<Reference, Element> references)
            throws XMLSecurityException {
        KeyFamily.requireFits(signature.getSignedInfo().getSignatureMethodURI(), certificate, INVALID,
                "transport signature");
        SignatureCounter.verified();
        if (Santuario.checkValue(signature, certificate, INVALID, "transport signature")) {
            return;
        }
        if (!Santuario.digestFailed(signature)) {
            throw new ShepException(INVALID, "transport signature value does not verify with the certificate of "
                    + Certificates.describe(certificate));
        }
        int i = 0;
        for (Element target : references.values()) {
            if (!signature.getSignedInfo().getVerificationResult(i++)) {
                throw new ShepException(INVALID, "digest of " + target.getLocalName() + " does not match the transport"
                        + " signature: the " + target.getLocalName() + " was changed after signing");
            }
        }
        throw new ShepException(INVALID, "a digest does not match the transport signature");
    }

    /** Belt and braces: what Santuario actually digested must be this very node. */
    private static void requireReferencedNode(Reference reference, Element expected) throws XMLSecurityException {
        Node signed = reference.getContentsBeforeTransformation().getSubNode();
        if (signed != expected) {
            throw new ShepException(INVALID, "transport signature covers an element other than the processed "
                    + expected.getLocalName());
        }
    }
}
