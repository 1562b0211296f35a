package kz.qaqpa.mocks.eastana;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Attachment;
import kz.qaqpa.document.kindergarten.KindergartenChoice;
import kz.qaqpa.mocks.soap.DataElements;

/**
 * How the ЖАО employee decides on an application. The regulation names the three results (para 6.10: a referral; a
 * registration notification as an interim answer when no chosen organisation has a place; a reasoned refusal) but
 * gives no rules and no grounds for refusal: these rules and the refusal codes are the mock's own, invented for the
 * demo and the tests (also listed in mocks/README.md). They are applied in this order; the first that matches
 * decides:
 * <ol>
 *   <li><b>DOCUMENTS_MISSING</b> refusal when an attachment of kind BIRTH_CERTIFICATE or IDENTITY_DOCUMENT is missing,
 *       or BENEFIT_PROOF is missing while a benefitCategory is claimed; every missing kind is one reason.</li>
 *   <li><b>CHILD_TOO_OLD</b> refusal when the child is 7 or older on the day of submission (the service is for
 *       children "under 7", which only its name says; the day is taken in Astana time).</li>
 *   <li><b>OTHER</b> refusal when a chosen organisation number is not in the provider's register, or a choice of a
 *       district only names a district without any organisation in the register.</li>
 *   <li><b>Referral</b> to the first choice, in the applicant's order of preference, that has a free place: a chosen
 *       organisation with a free place, or for a choice of a district only the first organisation of that district
 *       (by register number) with a free place. The caller then takes that place.</li>
 *   <li>Otherwise a <b>registration slip</b>: the child joins the provider's queue (the caller draws its next
 *       number).</li>
 * </ol>
 * Pure: no state is changed here.
 */
public final class KindergartenDecision {
    public static final int AGE_LIMIT = 7;
    public static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");
    public static final List<String> REQUIRED_KINDS = List.of("BIRTH_CERTIFICATE", "IDENTITY_DOCUMENT");
    public static final String BENEFIT_PROOF = "BENEFIT_PROOF";

    /** What to issue. */
    public sealed interface Outcome permits Refuse, Refer, Queue {
    }

    /** A reasoned refusal: reasonCode is one of the refusal document's codes. */
    public record Refuse(String reasonCode, List<String> reasons) implements Outcome {
    }

    /** A referral to this organisation. */
    public record Refer(String kindergartenCode) implements Outcome {
    }

    /** A registration slip: the child joins the provider's queue. */
    public record Queue() implements Outcome {
    }

    private KindergartenDecision() {
    }

    /** @param register the provider's organisations by code, with their current free places */
    public static Outcome decide(Application application, Map<String, Kindergarten> register) {
        List<String> missing = missingDocuments(application);
        if (!missing.isEmpty()) {
            return new Refuse("DOCUMENTS_MISSING", missing);
        }
        LocalDate submitted = DataElements.localDate(application.getSubmittedAt(), ASTANA);
        LocalDate birth = DataElements.localDate(application.getChild().getBirthDate());
        int age = Period.between(birth, submitted).getYears();
        if (age >= AGE_LIMIT) {
            return new Refuse("CHILD_TOO_OLD", List.of("The child (born " + birth + ") was " + age
                    + " years old on " + submitted + "; the service registers children under " + AGE_LIMIT));
        }
        List<String> unknown = unknownChoices(application.getKindergarten(), register);
        if (!unknown.isEmpty()) {
            return new Refuse("OTHER", unknown);
        }
        for (KindergartenChoice choice : application.getKindergarten()) {
            Optional<Kindergarten> free = candidates(choice, register).filter(k -> k.places() > 0).findFirst();
            if (free.isPresent()) {
                return new Refer(free.get().code());
            }
        }
        return new Queue();
    }

    /** The organisations a choice admits: the one it names, or every one of its district in register order. */
    private static Stream<Kindergarten> candidates(KindergartenChoice choice, Map<String, Kindergarten> register) {
        if (choice.getCode() != null) {
            return Stream.ofNullable(register.get(choice.getCode()));
        }
        return register.values().stream().filter(k -> k.district().equals(choice.getDistrict()));
    }

    private static List<String> unknownChoices(List<KindergartenChoice> choices, Map<String, Kindergarten> register) {
        List<String> reasons = new ArrayList<>();
        for (KindergartenChoice choice : choices) {
            if (candidates(choice, register).findAny().isEmpty()) {
                reasons.add(choice.getCode() != null
                        ? "Pre-school organisation " + choice.getCode() + " is not in the register of the Education Department"
                        : "No pre-school organisation of the register is in the district " + choice.getDistrict());
            }
        }
        return reasons;
    }

    static List<String> missingDocuments(Application application) {
        Set<String> attached = application.getAttachment().stream().map(Attachment::getKind).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (String kind : REQUIRED_KINDS) {
            if (!attached.contains(kind)) {
                missing.add(describe(kind) + " (" + kind + ") is not attached");
            }
        }
        String benefit = application.getBenefitCategory();
        if (benefit != null && !benefit.isBlank() && !attached.contains(BENEFIT_PROOF)) {
            missing.add("A benefit category " + benefit + " is claimed but no proof of it (" + BENEFIT_PROOF + ") is attached");
        }
        return missing;
    }

    private static String describe(String kind) {
        return switch (kind) {
            case "BIRTH_CERTIFICATE" -> "The child's birth certificate";
            case "IDENTITY_DOCUMENT" -> "The applicant's identity document";
            default -> kind;
        };
    }
}
