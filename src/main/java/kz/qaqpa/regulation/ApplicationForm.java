package kz.qaqpa.regulation;

import java.time.LocalDate;
import kz.qaqpa.adapter.StateRegistries;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.poa.PowerOfAttorney;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.IdentificationNumber;
import org.apache.camel.Exchange;

/**
 * The request form "filled in respecting its structure and format" (process 3 in every channel): the channel
 * is the one the route serves and the sender may use, the ИИНs are valid, the applicant exists in ГБД ФЛ and
 * the child is registered as theirs, a representative holds a valid power of attorney in ЕНИС, and written
 * consent is there where the channel requires it. Structure was already checked against xsd/ at the gate.
 */
public final class ApplicationForm {
    private final StateRegistries registries;

    public ApplicationForm(StateRegistries registries) {
        this.registries = registries;
    }

    public void check(Exchange exchange) {
        ApplicationFacts a = ApplicationDocument.of(exchange).facts();
        String channel = exchange.getVariable("channel", String.class);
        requireChannel(exchange, a, channel);
        requireService(exchange, a);
        requireValidNumbers(a);
        String sessionId = exchange.getVariable("sessionId", String.class);
        requireChildOfApplicant(a, sessionId);
        requireRepresentation(a, sessionId, java.util.Set.of(exchange.getVariable("powerOfAttorneyScopes", "", String.class)
                .split(",")));
        if (exchange.getVariable("consentRequired", false, Boolean.class)) {
            requireConsent(a);
        }
        exchange.setVariable("outcome", "form complete");
    }

    private static void requireChannel(Exchange exchange, ApplicationFacts a, String channel) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        if (!channel.equals(a.channel()) || !in.sender().channels().contains(channel)) {
            throw new ShepException(FaultCode.ACCESS_DENIED, "sender '" + in.sender().id()
                    + "' may not submit applications on channel " + a.channel());
        }
        boolean operatorSigns = exchange.getVariable("operatorBin") != null;
        if (operatorSigns && a.operatorIin() == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "operatorIin is required on channel " + channel);
        }
        if (!operatorSigns && a.operatorIin() != null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "operatorIin has no place on channel " + channel
                    + ": the applicant or their representative signs here");
        }
    }

    private static void requireService(Exchange exchange, ApplicationFacts a) {
        String serviceId = RequestFacts.of(exchange.getVariable(Inbound.VARIABLE, Inbound.class).request()).serviceId();
        if (!serviceId.equals(a.serviceCode())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the application is for service '" + a.serviceCode()
                    + "' but was sent to '" + serviceId + "'");
        }
    }

    private static void requireValidNumbers(ApplicationFacts a) {
        requireIin(a.applicantIin(), "applicant");
        requireIin(a.childIin(), "child");
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

    private static void requireIin(String iin, String whose) {
        if (!IdentificationNumber.isValid(iin)) {
            throw new ShepException(FaultCode.INVALID_IIN, "the " + whose + "'s ИИН " + iin + " has a wrong check digit");
        }
    }

    private void requireChildOfApplicant(ApplicationFacts a, String sessionId) {
        Person applicant = registries.person(a.applicantIin(), sessionId).orElseThrow(() -> new ShepException(
                FaultCode.APPLICANT_NOT_FOUND, "no person with ИИН " + a.applicantIin() + " in ГБД ФЛ"));
        if (!applicant.getChildIin().contains(a.childIin())) {
            throw new ShepException(FaultCode.APPLICANT_NOT_FOUND, "ГБД ФЛ does not register the child "
                    + a.childIin() + " as a child of the applicant " + a.applicantIin());
        }
    }

    /** @param scopes the powers that cover this service (route parameter powerOfAttorneyScopes) */
    private void requireRepresentation(ApplicationFacts a, String sessionId, java.util.Set<String> scopes) {
        if (a.representativeIin() == null) {
            return;
        }
        String number = a.powerOfAttorneyNumber();
        PowerOfAttorney poa = registries.powerOfAttorney(number, sessionId).orElseThrow(() -> new ShepException(
                FaultCode.POWER_OF_ATTORNEY_NOT_FOUND, "power of attorney " + number + " is not registered in ЕНИС"));
        boolean matches = poa.getPrincipalIin().equals(a.applicantIin())
                && poa.getRepresentativeIin().equals(a.representativeIin());
        LocalDate today = LocalDate.now();
        LocalDate validUntil = poa.getValidUntil().toGregorianCalendar().toZonedDateTime().toLocalDate();
        LocalDate issuedOn = poa.getIssuedOn().toGregorianCalendar().toZonedDateTime().toLocalDate();
        String problem = !matches ? "" : poa.isRevoked() ? " (revoked)" : validUntil.isBefore(today) ? " (expired)"
                : issuedOn.isAfter(today) ? " (not yet in force)" : !scopes.contains(poa.getScope())
                ? " (it covers " + poa.getScope() + ", not this service)" : null;
        if (problem != null) {
            throw new ShepException(FaultCode.POWER_OF_ATTORNEY_NOT_FOUND, "power of attorney " + number
                    + " does not empower " + a.representativeIin() + " for " + a.applicantIin() + problem);
        }
    }

    private static void requireConsent(ApplicationFacts a) {
        if (!Boolean.TRUE.equals(a.consentAgreed())) {
            throw new ShepException(FaultCode.CONSENT_MISSING,
                    "the consumer's written consent to the offered pre-school organisation is required on this channel");
        }
    }
}
