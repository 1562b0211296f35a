package kz.qaqpa.mocks.provider.almaty;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import kz.qaqpa.document.almatyfamily.AllowanceDecision;
import kz.qaqpa.document.almatyfamily.Application;
import kz.qaqpa.document.almatyfamily.GuardianshipCertificate;
import kz.qaqpa.document.almatyfamily.GuardianshipOrder;
import kz.qaqpa.document.almatyfamily.Person;
import kz.qaqpa.document.almatyfamily.PropertyCertificate;
import kz.qaqpa.document.almatyfamily.ReasonedRefusal;
import kz.qaqpa.document.almatyfamily.ResultHeader;
import kz.qaqpa.document.almatyfamily.TransactionCertificate;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.provider.ServiceRules;

/**
 * The Almaty city Education Department's office system (sender ALMATY_EDU): seed 004's services it decides, each
 * with its result (mocks/README.md, "Almaty city Education Department"). Results are signed by the head of the
 * Department (test PKI employee-almaty-head), S2's order by the akim of the district the application names
 * (akim-almaly, akim-bostandyk; the districts' codes are the gateway's sample configuration).
 */
public final class AlmatyEducationOffice {
    public static final String SENDER_ID = "ALMATY_EDU";
    public static final String PASSWORD = "almaty-edu-secret";
    public static final String SYSTEM_KEY = "almaty-edu";
    public static final String NUMBER_PREFIX = "АББ";
    static final String HEAD_POSITION = "Алматы қаласы Бiлiм басқармасының басшысы";
    /** S2 para 8.3: each district's akim (test PKI alias) and the position under the signature, by district code. */
    private static final Map<String, Akim> AKIMS = Map.of(
            "751110000", new Akim("akim-almaly", "Алматы қаласы Алмалы ауданының әкiмi"),
            "751410000", new Akim("akim-bostandyk", "Алматы қаласы Бостандық ауданының әкiмi"));
    /** An application naming no district the mock knows (the gateway refuses those at intake). */
    private static final String DEFAULT_DISTRICT = "751110000";
    /** Guardians are adults (the Marriage and Family Code): a younger applicant gets S2's reasoned refusal. */
    private static final int ADULT_AGE = 18;
    /** S4's certificate is issued where the property is: property outside Almaty gets the reasoned refusal. */
    private static final String CITY = "Алматы";
    private static final ZoneId ZONE = ZoneId.of("Asia/Almaty");

    private AlmatyEducationOffice() {
    }

    public static List<ServiceRules> services(TestPki pki) {
        FamilyRules.Signer head = new FamilyRules.Signer(pki.key("employee-almaty-head"), HEAD_POSITION);
        Function<Application, FamilyRules.Signer> theHead = a -> head;
        return List.of(
                // S1: the certificate on guardianship and trusteeship (Std App 1), signed by the head (para 8.3)
                new FamilyRules("ALMATY_2015_GUARDIANSHIP_CERTIFICATES", theHead, (a, header) -> {
                    GuardianshipCertificate c = new GuardianshipCertificate();
                    c.setHeader(header);
                    c.setCertificateNumber("ҚА-" + header.getRegistrationNumber());
                    c.getChild().addAll(a.getChild());
                    c.setKind(kind(a, header));
                    c.setEstablishedBy("Алмалы ауданы әкiмiнiң өкiмi");
                    return c;
                }),
                // S2: the district akim's order (Std App 1), or a reasoned refusal to an applicant under 18; the
                // akim of the application's district signs the order (para 8.3), the head the refusals
                new FamilyRules("ALMATY_2015_GUARDIANSHIP", a -> districtAkim(pki, a), theHead, (a, header) -> {
                    if (a.getApplicant().getBirthDate() != null && DataElements.localDate(a.getApplicant()
                            .getBirthDate()).plusYears(ADULT_AGE).isAfter(issuedOn(header))) {
                        return refusal(header, "Қамқоршы кәмелетке толмаған (the applicant is under 18)");
                    }
                    GuardianshipOrder o = new GuardianshipOrder();
                    o.setHeader(header);
                    o.setOrderNumber("ӨК-" + header.getRegistrationNumber());
                    o.setDistrict(a.getDistrict() == null ? "Алмалы ауданы" : a.getDistrict().getName());
                    o.getChild().addAll(a.getChild());
                    o.setKind(kind(a, header));
                    return o;
                }),
                // S3: one certificate by addressee: pension fund (Std App 1), police (App 2), banks (App 3)
                new FamilyRules("ALMATY_2015_MINORS_PROPERTY_CERTIFICATES", theHead, (a, header) -> {
                    PropertyCertificate c = new PropertyCertificate();
                    c.setHeader(header);
                    c.setCertificateNumber("МА-" + header.getRegistrationNumber());
                    String addressee = a.getAddressee() == null ? "PENSION_FUND" : a.getAddressee();
                    c.setAddressee(addressee);
                    c.setStandardAppendix(BigInteger.valueOf(
                            List.of("PENSION_FUND", "POLICE", "BANK").indexOf(addressee) + 1));
                    c.getChild().addAll(a.getChild());
                    return c;
                }),
                // S4: the certificate at the location of the immovable property (Std App 1), or a reasoned refusal
                // when the property is not in Almaty
                new FamilyRules("ALMATY_2015_MINORS_TRANSACTION_CERTIFICATES", theHead, (a, header) -> {
                    if (a.getPropertyAddress() == null || !a.getPropertyAddress().contains(CITY)) {
                        return refusal(header, "Жылжымайтын мүлiк Алматы қаласында орналаспаған (the property is not in Almaty)");
                    }
                    TransactionCertificate c = new TransactionCertificate();
                    c.setHeader(header);
                    c.setCertificateNumber("МК-" + header.getRegistrationNumber());
                    c.setPropertyAddress(a.getPropertyAddress());
                    c.getChild().addAll(a.getChild());
                    return c;
                }),
                // S6: the decision assigning the allowance (Std App 1), from the month after the application
                new FamilyRules("ALMATY_2015_GUARDIAN_ALLOWANCE", theHead, (a, header) -> {
                    AllowanceDecision d = new AllowanceDecision();
                    d.setHeader(header);
                    d.setDecisionNumber("ЖШ-" + header.getRegistrationNumber());
                    d.getChild().addAll(a.getChild());
                    d.setAssignedFrom(DataElements.date(DataElements.localDate(header.getIssuedAt())
                            .withDayOfMonth(1).plusMonths(1)));
                    return d;
                }));
    }

    /** The akim of the district the application names signs its order. */
    private static FamilyRules.Signer districtAkim(TestPki pki, Application a) {
        Akim akim = AKIMS.getOrDefault(a.getDistrict() == null ? DEFAULT_DISTRICT : a.getDistrict().getKato(),
                AKIMS.get(DEFAULT_DISTRICT));
        return new FamilyRules.Signer(pki.key(akim.alias()), akim.position());
    }

    private record Akim(String alias, String position) {
    }

    /**
     * Guardianship under 14, trusteeship from 14 to 18 (the pair is one concept in the text, notes §5 item 29); of
     * several children the first one's age decides (the mock's own simplification).
     */
    private static String kind(Application a, ResultHeader header) {
        Person first = a.getChild().get(0);
        return first.getBirthDate() != null && DataElements.localDate(first.getBirthDate())
                .plusYears(14).isBefore(issuedOn(header)) ? "TRUSTEESHIP" : "GUARDIANSHIP";
    }

    /** The day the result is issued, in Almaty, by the office's clock (ages are counted on it). */
    private static LocalDate issuedOn(ResultHeader header) {
        return DataElements.localDate(header.getIssuedAt(), ZONE);
    }

    private static ReasonedRefusal refusal(ResultHeader header, String reason) {
        ReasonedRefusal r = new ReasonedRefusal();
        r.setHeader(header);
        r.getReason().add(reason);
        return r;
    }
}
