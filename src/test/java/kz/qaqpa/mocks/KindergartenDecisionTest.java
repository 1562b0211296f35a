package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.mocks.eastana.Kindergarten;
import kz.qaqpa.mocks.eastana.KindergartenDecision;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Queue;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Refer;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Refuse;
import kz.qaqpa.mocks.soap.DataElements;
import org.junit.jupiter.api.Test;

/** The provider's decision rules on data, without any server. */
class KindergartenDecisionTest {
    private final Map<String, Kindergarten> register = register();

    @Test
    void refersToTheFirstChosenOrganisationWithAFreePlace() {
        assertThat(KindergartenDecision.decide(Applications.aruzhan("MBU-031", "MBU-012", "MBU-050"), register))
                .isEqualTo(new Refer("MBU-012"));
        assertThat(KindergartenDecision.decide(Applications.aruzhan("MBU-050", "MBU-012"), register))
                .isEqualTo(new Refer("MBU-050"));
    }

    @Test
    void queuesWhenNoChosenOrganisationHasAPlace() {
        assertThat(KindergartenDecision.decide(Applications.aruzhan("MBU-045", "MBU-031"), register))
                .isEqualTo(new Queue());
        Map<String, Kindergarten> full = new LinkedHashMap<>(register);
        full.put("MBU-012", register.get("MBU-012").withPlaces(0));
        assertThat(KindergartenDecision.decide(Applications.aruzhan("MBU-012"), full)).isInstanceOf(Queue.class);
    }

    @Test
    void refusesWhenARequiredDocumentIsMissing() {
        Application a = Applications.aruzhan("MBU-012");
        a.getAttachment().removeIf(at -> at.getKind().equals("BIRTH_CERTIFICATE"));
        assertThat(KindergartenDecision.decide(a, register)).isInstanceOfSatisfying(Refuse.class, r -> {
            assertThat(r.reasonCode()).isEqualTo("DOCUMENTS_MISSING");
            assertThat(r.reasons()).singleElement().asString().contains("BIRTH_CERTIFICATE");
        });

        Application none = Applications.aruzhan("MBU-012");
        none.getAttachment().clear();
        assertThat(((Refuse) KindergartenDecision.decide(none, register)).reasons()).hasSize(2);
    }

    @Test
    void aBenefitNeedsItsProof() {
        Application a = Applications.aruzhan("MBU-012");
        a.setBenefitCategory("LARGE_FAMILY");
        assertThat(KindergartenDecision.decide(a, register)).isInstanceOfSatisfying(Refuse.class, r -> {
            assertThat(r.reasonCode()).isEqualTo("DOCUMENTS_MISSING");
            assertThat(r.reasons()).singleElement().asString().contains("BENEFIT_PROOF", "LARGE_FAMILY");
        });
        a.getAttachment().add(Applications.attachment("BENEFIT_PROOF"));
        assertThat(KindergartenDecision.decide(a, register)).isEqualTo(new Refer("MBU-012"));
    }

    @Test
    void refusesAChildOfSevenOnTheDayOfSubmission() {
        Application a = Applications.aruzhan("MBU-012");
        a.getChild().setBirthDate(DataElements.date(LocalDate.of(2019, 3, 2)));
        assertThat(KindergartenDecision.decide(a, register)).isInstanceOfSatisfying(Refuse.class,
                r -> assertThat(r.reasonCode()).isEqualTo("CHILD_TOO_OLD"));
        a.getChild().setBirthDate(DataElements.date(LocalDate.of(2019, 3, 3)));
        assertThat(KindergartenDecision.decide(a, register)).isEqualTo(new Refer("MBU-012"));
    }

    @Test
    void missingDocumentsComeBeforeTheAgeCheck() {
        Application a = Applications.aruzhan("MBU-012");
        a.getChild().setBirthDate(DataElements.date(LocalDate.of(2015, 1, 1)));
        a.getAttachment().clear();
        assertThat(((Refuse) KindergartenDecision.decide(a, register)).reasonCode()).isEqualTo("DOCUMENTS_MISSING");
    }

    /** App. 8 requires only the district of a choice: the first organisation of that district with a place. */
    @Test
    void aChoiceOfADistrictOnlyRefersToAFreePlaceThere() {
        Application a = Applications.aruzhan("MBU-031");
        a.getKindergarten().get(0).setCode(null);
        a.getKindergarten().get(0).setName(null);
        assertThat(KindergartenDecision.decide(a, register)).isEqualTo(new Queue());
        a.getKindergarten().get(0).setDistrict("Есіл");
        assertThat(KindergartenDecision.decide(a, register)).isEqualTo(new Refer("MBU-012"));
        Map<String, Kindergarten> full = new LinkedHashMap<>(register);
        full.put("MBU-012", register.get("MBU-012").withPlaces(0));
        assertThat(KindergartenDecision.decide(a, full)).isEqualTo(new Refer("MBU-050"));
        a.getKindergarten().get(0).setDistrict("Нұра");
        assertThat(KindergartenDecision.decide(a, register)).isInstanceOfSatisfying(Refuse.class, r -> {
            assertThat(r.reasonCode()).isEqualTo("OTHER");
            assertThat(r.reasons()).singleElement().asString().contains("Нұра");
        });
    }

    @Test
    void refusesAnOrganisationOutsideTheRegister() {
        assertThat(KindergartenDecision.decide(Applications.aruzhan("MBU-999"), register)).isInstanceOfSatisfying(Refuse.class,
                r -> assertThat(r.reasonCode()).isEqualTo("OTHER"));
    }

    private static Map<String, Kindergarten> register() {
        return Kindergarten.byCode();
    }
}
