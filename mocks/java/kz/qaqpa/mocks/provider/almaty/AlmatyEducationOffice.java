package kz.qaqpa.mocks.provider.almaty;

import java.util.List;
import kz.qaqpa.document.almatyfamily.GuardianshipCertificate;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.provider.ServiceRules;

/**
 * The Almaty city Education Department's office system (sender ALMATY_EDU): seed 004's services it decides, each
 * with its result (mocks/README.md, "Almaty city Education Department"). Results are signed by the head of the
 * Department (test PKI employee-almaty-head).
 */
public final class AlmatyEducationOffice {
    public static final String SENDER_ID = "ALMATY_EDU";
    public static final String PASSWORD = "almaty-edu-secret";
    public static final String SYSTEM_KEY = "almaty-edu";
    public static final String NUMBER_PREFIX = "АББ";
    static final String HEAD_POSITION = "Алматы қаласы Бiлiм басқармасының басшысы";

    private AlmatyEducationOffice() {
    }

    public static List<ServiceRules> services(TestPki pki) {
        return List.of(
                // S1: the certificate on guardianship and trusteeship (Std App 1), signed by the head (para 8.3)
                new FamilyRules("ALMATY_2015_GUARDIANSHIP_CERTIFICATES", pki.key("employee-almaty-head"),
                        HEAD_POSITION, (application, header) -> {
                            GuardianshipCertificate c = new GuardianshipCertificate();
                            c.setHeader(header);
                            c.setCertificateNumber("ҚА-" + header.getRegistrationNumber());
                            c.setChild(application.getChild());
                            c.setKind(application.getChild().getBirthDate() != null
                                    && application.getChild().getBirthDate().getYear()
                                    <= java.time.Year.now().getValue() - 14 ? "TRUSTEESHIP" : "GUARDIANSHIP");
                            c.setEstablishedBy("Алмалы ауданы әкімінің өкімі");
                            return c;
                        }));
    }
}
