package kz.qaqpa.mocks.provider.mangystau;

import java.util.List;
import java.util.Set;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.provider.ServiceRules;

/**
 * The two Mangystau provider offices of the demo (seed 001 para 1), each deciding the four services with its own
 * authorised person: the Karakiyak district education department and the office of the akim of Baskuduk village.
 */
public final class MangystauOffices {
    private MangystauOffices() {
    }

    public static List<ServiceRules> karakiyak(TestPki pki) {
        return services(new MangystauOffice("ГУ «Отдел образования Каракиянского района»", pki.key("employee-karakiyak")),
                Set.of("Детский сад «Балапан», Курык"), Set.of("Детский сад «Айгерим», Курык"));
    }

    public static List<ServiceRules> baskuduk(TestPki pki) {
        return services(new MangystauOffice("ГУ «Аппарат акима села Баскудук»", pki.key("employee-baskuduk")),
                Set.of("Детский сад «Еркетай», Баскудук"), Set.of());
    }

    private static List<ServiceRules> services(MangystauOffice office, Set<String> freeNow, Set<String> freeLater) {
        return List.of(new PreschoolQueueRules(office, freeNow, freeLater), CertificateRules.guardianship(office),
                CertificateRules.minorDeposits(office), CertificateRules.minorProperty(office));
    }
}
