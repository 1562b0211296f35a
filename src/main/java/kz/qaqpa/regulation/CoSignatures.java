package kz.qaqpa.regulation;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.CertificateValidator;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.IdentificationNumber;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.trust.SignerRole;
import kz.qaqpa.trust.SubjectIdentity;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * Signatures an application needs from people other than its signer, where the regulation's form requires them
 * (seed 000: «ерлі-зайыптылардың қолдары», both spouses sign; children over ten sign and write «келісемін»). Each
 * co-signer signs their own element inside the application (enveloped XML-DSig) before the applicant signs the
 * whole, and each co-signature is checked like the applicant's: signature, certificate chain and validity,
 * revocation where the channel checks it, and the ЖСН in the certificate's subject = the ЖСН the co-signature names
 * = a person the form names.
 *
 * <p>What the route file (intake template, condition 2) says, as variables; all empty = no co-signers:
 * {@code coSigners} (an XPath, "|" joining several, to the ЖСН of every person who must co-sign, e.g. both
 * parents; the signer of the application is not asked to co-sign), {@code coSignersByAge} and
 * {@code coSignerOlderThan} (an XPath to the ЖСНs of persons who must co-sign when older than that many full
 * years, by the birth date in the ЖСН, e.g. the children, and may when not), {@code coSignatures} (XPath to the
 * co-signature elements), {@code coSignatureStatement} (what an age-bound co-signer must write, e.g. «келісемін»).
 * Inside a co-signature the ЖСН is at {@code d:iin}, the statement at {@code d:statement}, and, binding it to this
 * one application, {@code d:applicantIin},
 * {@code d:serviceCode} and {@code d:messageId} (the ШЭП messageId of the sendMessage that carries the application:
 * the message log keeps a sender's messageId to one application, so a co-signature lifted from one application is
 * refused in any other).
 *
 * <p>A channel whose text has no co-signer sign electronically (seed 000: the Centre, where the family signs the paper
 * form the operator scans) verifies none, so a form carrying one there is refused: {@link #requireVerifiedHere}.
 */
public final class CoSignatures {
    private static final String IIN = "d:iin";
    private static final String STATEMENT = "d:statement";
    private static final String APPLICANT = "d:applicantIin";
    private static final String SERVICE = "d:serviceCode";
    private static final String MESSAGE = "d:messageId";
    private final CertificateValidator certificates;
    private final Clock clock;
    private final ServiceCalendars calendars;

    /**
     * @param calendars where each regulation's days begin (its service's zone): a child's age is counted on
     *                  the date there
     */
    public CoSignatures(CertificateValidator certificates, Clock clock,
                        ServiceCalendars calendars) {
        this.certificates = certificates;
        this.clock = clock;
        this.calendars = calendars;
    }

    /** @return the ЖСНs of the co-signers checked, in the document's order (empty where the route names none) */
    public List<String> check(Exchange exchange, ApplicationDocument doc, String signerIin) {
        Asked asked = asked(exchange, doc.element(), signerIin);
        String path = exchange.getVariable("coSignatures", "", String.class);
        if (asked.writes().isEmpty() && path.isBlank()) {
            return List.of();
        }
        boolean checkRevocation = exchange.getVariable("checkRevocation", true, Boolean.class);
        List<String> writings = writings(exchange.getVariable("coSignatureStatement", "", String.class));
        List<String> signed = new ArrayList<>();
        for (Element coSignature : DocumentFields.elements(doc.element(), path)) {
            String iin = verified(coSignature, checkRevocation);
            requireBoundTo(coSignature, doc.facts(), messageId(exchange), iin);
            if (!asked.writes().containsKey(iin)) {
                throw new ShepException(FaultCode.SIGNER_MISMATCH, "co-signer " + iin
                        + " is not a person whose signature the form asks for");
            }
            if (asked.writes().get(iin) && !writings.isEmpty()
                    && !writings.contains(DocumentFields.read(coSignature, STATEMENT))) {
                throw new ShepException(FaultCode.CO_SIGNATURE_MISSING, "co-signer " + iin + " must write «"
                        + writings.get(0) + "»");
            }
            signed.add(iin);
        }
        List<String> missing = asked.required().stream().filter(iin -> !signed.contains(iin)).toList();
        if (!missing.isEmpty()) {
            throw new ShepException(FaultCode.CO_SIGNATURE_MISSING, "the form must also be signed by " + missing);
        }
        return signed;
    }

    /**
     * Whose co-signatures the form takes: {@code writes}, each such ЖСН to whether the person signs because of their
     * age (and so writes the statement); {@code required}, those of them who must sign. A person named for their age
     * who is not yet older than the route's age (seed 000: a child of ten or younger, his tenth birthday included)
     * need not sign but may (regs61: the text asks children over ten and refuses nothing for a younger one's
     * signature; before, such a co-signature was SCE020), his co-signature checked as any other.
     */
    private record Asked(Map<String, Boolean> writes, Set<String> required) {
    }

    /**
     * The spellings of the word an age-bound co-signer writes, separated by {@code |} in the route
     * ({@code coSignatureStatement}), the first the one a refusal names: seed 000 prints the word «келисемін» [sic]
     * (l. 633, 1056), the Kazakh «келісемін» with a Russian «и», so a child who copies the form writes either (reg53).
     */
    private static List<String> writings(String statement) {
        return Arrays.stream(statement.split("\\|")).map(String::strip).filter(w -> !w.isEmpty()).toList();
    }

    /**
     * Every co-signature the form carries (the service's {@code field.coSignatures}) is one this channel verifies
     * (its {@code coSignatures}), as a representative applies only where the text has one: elsewhere nothing checks
     * it, and the provider, handed the form as sent, would read it as verified (cosign43). SCE001 otherwise.
     */
    public static void requireVerifiedHere(Exchange exchange, Element document, String channel) {
        List<Element> verified = DocumentFields.elements(document, exchange.getVariable("coSignatures", "", String.class));
        boolean unverified = DocumentFields.elements(document, exchange.getVariable("field.coSignatures", "", String.class))
                .stream().anyMatch(e -> !verified.contains(e));
        if (unverified) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a co-signature has no place on channel " + channel
                    + ": the regulation has no co-signer sign electronically here (on paper, if at all), so nothing"
                    + " would verify it");
        }
    }

    /** Who may and who must co-sign this form, the application's signer left out. */
    private Asked asked(Exchange exchange, Element document, String signerIin) {
        Map<String, Boolean> writes = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        DocumentFields.elements(document, exchange.getVariable("coSigners", "", String.class)).forEach(e -> {
            String iin = validIin(e);
            writes.putIfAbsent(iin, false);
            required.add(iin);
        });
        String olderThan = exchange.getVariable("coSignerOlderThan", "", String.class);
        if (!olderThan.isBlank()) {
            LocalDate today = LocalDate.now(clock.withZone(calendars.zoneOf(exchange)));
            for (Element e : DocumentFields.elements(document, exchange.getVariable("coSignersByAge", "", String.class))) {
                String iin = validIin(e);
                writes.putIfAbsent(iin, true);
                if (IdentificationNumber.birthDate(iin).plusYears(Integer.parseInt(olderThan.trim())).isBefore(today)) {
                    required.add(iin);
                }
            }
        }
        writes.remove(signerIin);
        required.remove(signerIin);
        return new Asked(writes, required);
    }

    /**
     * The ИИН of a person the form names who may have to co-sign. attack44: a child's age, and so whether he signs, is
     * read from his ИИН's birth date; one with a wrong check digit (only the first child's is checked with the form)
     * told nothing, and that child was silently asked no co-signature. SCE021, as for the applicant's ИИН.
     */
    private static String validIin(Element person) {
        String iin = person.getTextContent().trim();
        if (!IdentificationNumber.isValidIin(iin)) {
            throw new ShepException(FaultCode.INVALID_IIN, "the form names ИИН " + iin + " (a person who may have to"
                    + " co-sign) with a wrong check digit or a birth date that does not exist: who must co-sign cannot"
                    + " be told");
        }
        return iin;
    }

    private String verified(Element coSignature, boolean checkRevocation) {
        X509Certificate signer = DocumentVerifier.verify(coSignature, certificates.policy());
        certificates.validate(signer, Purpose.DOCUMENT, checkRevocation, FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID);
        SignerRole.INDIVIDUAL.require(signer, FaultCode.SIGNER_MISMATCH);
        String named = DocumentFields.read(coSignature, IIN);
        String subject = SubjectIdentity.of(signer).iin();
        if (named == null || !named.equals(subject)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the co-signature names ЖСН " + named
                    + " but is signed by " + subject);
        }
        return named;
    }

    /**
     * A co-signature says whose application, for which service, in which message: one given for another application
     * cannot be reused here, not even for the same applicant and service.
     */
    private static void requireBoundTo(Element coSignature, ApplicationFacts a, String messageId, String iin) {
        String applicant = DocumentFields.read(coSignature, APPLICANT);
        String service = DocumentFields.read(coSignature, SERVICE);
        String message = DocumentFields.read(coSignature, MESSAGE);
        if (!a.applicantIin().equals(applicant) || !a.serviceCode().equals(service) || !messageId.equals(message)) {
            throw new ShepException(FaultCode.CO_SIGNATURE_FOR_ANOTHER_APPLICATION, "the co-signature of " + iin
                    + " is for applicant " + applicant + ", service " + service + " and messageId " + message
                    + ", not this application (messageId " + messageId + ")");
        }
    }

    private static String messageId(Exchange exchange) {
        return RequestFacts.of(Inbound.of(exchange).request()).messageId();
    }
}
