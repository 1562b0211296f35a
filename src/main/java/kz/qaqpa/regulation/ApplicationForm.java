package kz.qaqpa.regulation;

import java.time.LocalDate;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.IdentificationNumber;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The request form "filled in respecting its structure and format" (process 3 in every channel): the channel
 * is the one the route serves and the sender may use, the application is for this service, and the ИИН/БИН check
 * digits are right; the form meets what the route asks of it on this channel ({@code formRequires}) and the service on
 * every channel ({@code serviceFormRequires}); a representative and a co-signature only on the channels whose text has
 * them ({@link CoSignatures#requireVerifiedHere}). Structure
 * was already checked against xsd/ at the gate. Look-ups in the state databases are
 * not part of the form: they are the state-database condition where a regulation has one
 * ({@link StateDatabaseCondition}). A front-office channel's report of the consumer's arrival is read here.
 */
public final class ApplicationForm {
    /** The name of a person's ИИН element in every service's schema, and the end of the other ИИН elements' names. */
    private static final String IIN = "iin";
    private static final String IIN_SUFFIX = "Iin";
    private final ConsumerArrival arrival;

    public ApplicationForm(ConsumerArrival arrival) {
        this.arrival = arrival;
    }

    public void check(Exchange exchange) {
        ApplicationFacts a = ApplicationDocument.of(exchange).facts();
        String channel = exchange.getVariable("channel", String.class);
        requireChannel(exchange, a, channel);
        requireAdmittedRepresentative(exchange, a, channel);
        CoSignatures.requireVerifiedHere(exchange, ApplicationDocument.of(exchange).element(), channel);
        requireService(exchange, a);
        requireValidNumbers(a, hasChild(exchange));
        requireEveryIinValid(ApplicationDocument.of(exchange).element());
        requireWhatTheRegulationAsks(exchange);
        requireTheBirthDatesOfTheIins(exchange);
        arrival.read(exchange);
        exchange.setVariable("outcome", "form complete");
    }

    private static void requireChannel(Exchange exchange, ApplicationFacts a, String channel) {
        Inbound in = Inbound.of(exchange);
        if (!channel.equals(a.channel())) {
            throw new ShepException(FaultCode.ACCESS_DENIED, "sender '" + in.sender().id()
                    + "' may not submit applications on channel " + a.channel());
        }
        SenderCondition.requireChannel(exchange, channel);
        boolean operatorSigns = exchange.getVariable("operatorBin") != null;
        if (operatorSigns && a.operatorIin() == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "operatorIin is required on channel " + channel);
        }
        if (!operatorSigns && a.operatorIin() != null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "operatorIin has no place on channel " + channel
                    + ": the applicant or their representative signs here");
        }
    }

    /**
     * A representative applies only on the channels where the text has one (the route's {@code representatives}):
     * elsewhere nobody asks ЕНИС for his power, and on a self-service channel he would sign in the applicant's place.
     */
    private static void requireAdmittedRepresentative(Exchange exchange, ApplicationFacts a, String channel) {
        if (a.representativeIin() != null && !"true".equals(exchange.getVariable("representatives", String.class))) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a representative has no place on channel " + channel
                    + ": the regulation has the applicant apply here himself");
        }
    }

    private static void requireService(Exchange exchange, ApplicationFacts a) {
        String serviceId = RequestFacts.of(Inbound.of(exchange).request()).serviceId();
        if (!serviceId.equals(a.serviceCode())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the application is for service '" + a.serviceCode()
                    + "' but was sent to '" + serviceId + "'");
        }
    }

    private static void requireValidNumbers(ApplicationFacts a, boolean hasChild) {
        requireIin(a.applicantIin(), "applicant");
        if (hasChild) {
            requireIin(a.childIin(), "child");
        }
        if (a.operatorIin() != null) {
            requireIin(a.operatorIin(), "operator");
        }
        if (a.representativeIin() != null) {
            requireIin(a.representativeIin(), "representative");
        }
        if (a.applicantBin() != null && !IdentificationNumber.isValid(a.applicantBin())) {
            throw new ShepException(FaultCode.INVALID_IIN, "the applicant's БИН " + a.applicantBin()
                    + " has a wrong check digit");
        }
    }

    /**
     * Every ИИН the form gives is one: the persons no rule reads (a second child, the parents, a ward, a carer, a
     * spouse) too, or the provider is handed a person no register can name (attack45; an ИИН's twelfth digit is its
     * check digit, so a number failing it is no ИИН: SCE021, before anything is stored). The form's ИИН elements are
     * those its schemas name {@code iin} or {@code ...Iin} (xsd/: every element of an {@code Iin} type), in the
     * document's own namespace.
     */
    private static void requireEveryIinValid(Element document) {
        NodeList elements = document.getElementsByTagNameNS(document.getNamespaceURI(), "*");
        for (int i = 0; i < elements.getLength(); i++) {
            Element e = (Element) elements.item(i);
            boolean anIin = IIN.equals(e.getLocalName()) || e.getLocalName().endsWith(IIN_SUFFIX);
            String iin = anIin ? e.getTextContent().trim() : null;
            if (anIin && !IdentificationNumber.isValidIin(iin)) {
                throw new ShepException(FaultCode.INVALID_IIN, "the ИИН " + iin + " the form gives as "
                        + e.getParentNode().getLocalName() + "/" + e.getLocalName() + " has a wrong check digit or"
                        + " names a birth date that does not exist: it is no ИИН");
            }
        }
    }

    /**
     * What the regulation asks of the form beyond its schema, each an XPath that must hold: on this channel (the
     * channel route's {@code formRequires}, e.g. seed 000: electronic copies on the portal, scans of the paper at the
     * Centre) and on every channel of the service (the service route's {@code serviceFormRequires}, e.g. seed 004
     * S3: the addressee whose certificate para 3 issues).
     */
    private static void requireWhatTheRegulationAsks(Exchange exchange) {
        requireRule(exchange, "formRequires", "the form is not filled in as this channel's procedure asks: ");
        requireRule(exchange, "serviceFormRequires", "the form does not state what this service's result needs: ");
    }

    /** The rule in variable {@code name} (none: nothing to check) holds, or SCE001 with its note ({@code name}Note). */
    private static void requireRule(Exchange exchange, String name, String fault) {
        String rule = exchange.getVariable(name, "", String.class);
        if (rule.isBlank()) {
            return;
        }
        String holds = DocumentFields.value(ApplicationDocument.of(exchange).element(), "boolean(" + rule + ")");
        if (!"true".equals(holds)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE,
                    fault + exchange.getVariable(name + "Note", "", String.class));
        }
    }

    /**
     * A person the form gives both an ИИН and a birth date (the route's {@code field.birthDated}: the elements holding
     * {@code d:iin} and {@code d:birthDate}) was born on the day the ИИН names (its first six digits, where its seventh
     * names the century): the provider judges an age by the form's date, so it may not contradict the number
     * (project's own check: the texts ask both and say nothing of a mismatch).
     */
    private static void requireTheBirthDatesOfTheIins(Exchange exchange) {
        Element document = ApplicationDocument.of(exchange).element();
        for (Element person : DocumentFields.elements(document, exchange.getVariable("field.birthDated", String.class))) {
            String iin = DocumentFields.read(person, "d:iin");
            String born = DocumentFields.read(person, "d:birthDate");
            if (iin == null || born == null || born.isEmpty() || !IdentificationNumber.namesBirthDate(iin)) {
                continue;
            }
            if (!IdentificationNumber.birthDate(iin).equals(LocalDate.parse(born.substring(0, 10)))) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the birth date " + born + " given for ИИН " + iin
                        + " is not the one the ИИН names, " + IdentificationNumber.birthDate(iin));
            }
        }
    }

    /**
     * A service about a child names where its document keeps the child's ИИН (field.childIin); a service whose route
     * names no such field (archival certificates, applications of legal entities) has no child to check.
     */
    private static boolean hasChild(Exchange exchange) {
        String path = exchange.getVariable("field.childIin", String.class);
        return path != null && !path.isBlank();
    }

    private static void requireIin(String iin, String whose) {
        if (!IdentificationNumber.isValidIin(iin)) {
            throw new ShepException(FaultCode.INVALID_IIN, "the " + whose + "'s ИИН " + iin + " has a wrong check digit"
                    + " or names a birth date that does not exist");
        }
    }
}
