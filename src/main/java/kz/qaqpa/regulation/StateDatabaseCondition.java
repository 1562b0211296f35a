package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.adapter.StateRegistries;
import kz.qaqpa.document.legalentity.LegalEntity;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.poa.PowerOfAttorney;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.XsDateTime;
import org.apache.camel.Exchange;

/**
 * The state-database condition of the regulations whose text has it (the ЦОН blocks of seeds 000, 001 and 004:
 * "the data cannot be obtained from ГБД ФЛ / ЕНИС"), switched on per channel by the route file. The look-ups it
 * makes are the route's {@code stateDatabaseLookups}: {@code applicant} (the applicant exists in ГБД ФЛ),
 * {@code child} (ГБД ФЛ registers the child as the applicant's), {@code powerOfAttorney} (a representative holds a
 * valid notarised power in ЕНИС covering one of {@code powerOfAttorneyScopes}), {@code legalEntity} (ГБД ЮЛ knows the
 * applicant legal entity's БИН, field {@code applicantBin}, and has not struck it off as liquidated; off unless the
 * route lists it), {@code legalEntityIfNamed} (the same, only where the application names a legal entity: seed 004's
 * «ЖТ МДБ/ЗТ МДБ»),
 * {@code powerOfAttorneyIfNotarised} (as {@code powerOfAttorney}, only where the application gives the power's number:
 * seed 001 enters it for a notarised power alone, «при ином удостоверении доверенности – данные доверенности не
 * заполняются», and seed 000 alike, «сенімхаттың деректері толтырылмайды»). A failure is recorded for the regulation's own refusal step, not thrown.
 */
public final class StateDatabaseCondition {
    /** ГБД ЮЛ's status of an entity struck off the register (xsd/legal-entity.xsd). */
    private static final String LIQUIDATED = "LIQUIDATED";
    private final StateRegistries registries;
    private final Clock clock;
    private final ServiceCalendars calendars;

    /**
     * @param calendars where each regulation's days begin (its service's zone): a power of attorney is in force on
     *                  the date there
     */
    public StateDatabaseCondition(StateRegistries registries, Clock clock,
                                  ServiceCalendars calendars) {
        this.registries = registries;
        this.clock = clock;
        this.calendars = calendars;
    }

    public void check(Exchange exchange) {
        exchange.removeVariable(Refusals.FAILURE);
        ApplicationFacts a = ApplicationDocument.of(exchange).facts();
        Set<String> lookups = list(exchange, "stateDatabaseLookups");
        try {
            List<String> asked = new ArrayList<>();
            if (lookups.contains("applicant") || lookups.contains("child")) {
                Person applicant = requireApplicant(a, exchange);
                asked.add("the applicant in ГБД ФЛ");
                if (lookups.contains("child") && a.childIin() != null) {
                    requireChildOf(applicant, a);
                    asked.add("the child as the applicant's in ГБД ФЛ");
                }
            }
            boolean entityNamed = lookups.contains("legalEntityIfNamed") && a.applicantBin() != null;
            if (lookups.contains("legalEntity") || entityNamed) {
                requireLegalEntity(a, exchange);
                asked.add("the legal entity in ГБД ЮЛ");
            }
            boolean notarised = lookups.contains("powerOfAttorneyIfNotarised") && a.powerOfAttorneyNumber() != null;
            // only a representative's power is looked up: an applicant in person names none (depth43: the outcome
            // named "the power of attorney null in ЕНИС", a look-up never made)
            if ((lookups.contains("powerOfAttorney") || notarised) && a.representativeIin() != null) {
                requireRepresentation(a, exchange, list(exchange, "powerOfAttorneyScopes"));
                asked.add("the power of attorney " + a.powerOfAttorneyNumber() + " in ЕНИС");
            }
            // names what was asked and found, not the route's list: an "IfNamed"/"IfNotarised" look-up may not run
            exchange.setVariable("outcome", asked.isEmpty() ? "no state database asked"
                    : "found in the state databases: " + String.join(", ", asked));
        } catch (ShepException e) {
            exchange.setVariable(Refusals.FAILURE, e);
        }
    }

    private static Set<String> list(Exchange exchange, String name) {
        return Set.copyOf(Arrays.asList(exchange.getVariable(name, "", String.class).split(",")));
    }

    /** @param exchange the inbound message: the look-up is logged with it */
    private Person requireApplicant(ApplicationFacts a, Exchange exchange) {
        return registries.person(a.applicantIin(), exchange).orElseThrow(() -> new ShepException(
                FaultCode.APPLICANT_NOT_FOUND, "no person with ИИН " + a.applicantIin() + " in ГБД ФЛ"));
    }

    private void requireLegalEntity(ApplicationFacts a, Exchange exchange) {
        if (a.applicantBin() == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the application names no legal entity (БИН)");
        }
        LegalEntity entity = registries.legalEntity(a.applicantBin(), exchange).orElseThrow(() -> new ShepException(
                FaultCode.LEGAL_ENTITY_NOT_FOUND, "no legal entity with БИН " + a.applicantBin() + " in ГБД ЮЛ"));
        // a liquidated entity is struck off the register: it no longer exists to apply (project's own reading)
        if (LIQUIDATED.equals(entity.getStatus())) {
            throw new ShepException(FaultCode.LEGAL_ENTITY_NOT_FOUND, "the legal entity with БИН " + a.applicantBin()
                    + " is liquidated (struck off ГБД ЮЛ)");
        }
    }

    private static void requireChildOf(Person applicant, ApplicationFacts a) {
        if (a.childIin() != null && !applicant.getChildIin().contains(a.childIin())) {
            throw new ShepException(FaultCode.APPLICANT_NOT_FOUND, "ГБД ФЛ does not register the child "
                    + a.childIin() + " as a child of the applicant " + a.applicantIin());
        }
    }

    private void requireRepresentation(ApplicationFacts a, Exchange exchange, Set<String> scopes) {
        requirePower(a.powerOfAttorneyNumber(), a.applicantIin(), a.representativeIin(), scopes, exchange);
    }

    /**
     * ЕНИС holds the notarised power {@code number}, by which {@code principalIin} empowers {@code representativeIin}
     * for one of {@code scopes}, in force today and not revoked; SCE023 otherwise. The intake's condition and the
     * ЦОН's hand-over to a representative ({@link ResultCollector}) ask the same.
     *
     * @param exchange the inbound message: the look-up is logged with it
     */
    void requirePower(String number, String principalIin, String representativeIin, Set<String> scopes,
                      Exchange exchange) {
        PowerOfAttorney poa = registries.powerOfAttorney(number, exchange).orElseThrow(() -> new ShepException(
                FaultCode.POWER_OF_ATTORNEY_NOT_FOUND, "power of attorney " + number + " is not registered in ЕНИС"));
        boolean matches = poa.getPrincipalIin().equals(principalIin)
                && poa.getRepresentativeIin().equals(representativeIin);
        LocalDate today = LocalDate.now(clock.withZone(calendars.zoneOf(exchange)));
        LocalDate validUntil = day(poa.getValidUntil(), number);
        LocalDate issuedOn = day(poa.getIssuedOn(), number);
        String problem = !matches ? "" : poa.isRevoked() ? " (revoked)" : validUntil.isBefore(today) ? " (expired)"
                : issuedOn.isAfter(today) ? " (not yet in force)" : !scopes.contains(poa.getScope())
                ? " (it covers " + poa.getScope() + ", not this service)" : null;
        if (problem != null) {
            throw new ShepException(FaultCode.POWER_OF_ATTORNEY_NOT_FOUND, "power of attorney " + number
                    + " does not empower " + representativeIin + " for " + principalIin + problem);
        }
    }

    /** A day of ЕНИС's signed answer; one no calendar has is the state system's failure, never the applicant's. */
    private static LocalDate day(XMLGregorianCalendar date, String number) {
        try {
            return XsDateTime.date(date);
        } catch (IllegalArgumentException e) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, "ЕНИС answered about power of attorney "
                    + number + " with a date no calendar has: " + e.getMessage());
        }
    }
}
