package kz.qaqpa.mocks.provider.mangystau;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.mangystau.Application;
import kz.qaqpa.document.mangystau.GuardianshipCertificate;
import kz.qaqpa.document.mangystau.MinorDepositsCertificate;
import kz.qaqpa.document.mangystau.PropertyTransactionCertificate;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;

/**
 * S2-S4 of seed 001 (the guardianship certificates) as one Mangystau provider decides them. The regulation's only
 * decision is the provider's check «соответствия приложенных получателем документов, указанных в Стандарте» (the
 * Standard's list is not in the seeds); the mock's own rule: the document the certificate rests on must be attached
 * (S2 the guardianship decision, S3 the deposit or inheritance document, S4 the title to the property), else the
 * refusal letter with its justification (S2 and S4 «при формировании заключения комиссии»: with the commission's
 * conclusion; S3 without). Otherwise the certificate, signed by the office's authorised person.
 */
public final class CertificateRules implements ServiceRules {
    private final String serviceId;
    private final MangystauOffice office;
    private final String requiredKind;
    private final String justification;
    private final boolean commission;
    private final BiFunction<ReceivedApplication, Application, Object> certificate;

    private CertificateRules(String serviceId, MangystauOffice office, String requiredKind, String justification,
                             boolean commission, BiFunction<ReceivedApplication, Application, Object> certificate) {
        this.serviceId = serviceId;
        this.office = office;
        this.requiredKind = requiredKind;
        this.justification = justification;
        this.commission = commission;
        this.certificate = certificate;
    }

    /** S2 «Выдача справок по опеке и попечительству». */
    public static CertificateRules guardianship(MangystauOffice office) {
        return new CertificateRules("MANGYSTAU_GUARDIANSHIP_2012", office, "GUARDIANSHIP_DECISION",
                "Не приложено решение об установлении опеки (попечительства)", true, (a, app) -> {
                    GuardianshipCertificate c = new GuardianshipCertificate();
                    c.setHeader(office.header(a, app));
                    c.setCertificateNumber("СО-" + a.registrationNumber());
                    c.setGuardianIin(app.getRecipient().getIin());
                    c.setGuardianName(app.getRecipient().getName());
                    c.setKind(app.getGuardianshipRequest().getKind());
                    c.setDecision("Решение органа опеки и попечительства, приложенное к заявлению");
                    return c;
                });
    }

    /** S3: one certificate to the addressee the application names (pension fund, bank or road police). */
    public static CertificateRules minorDeposits(MangystauOffice office) {
        return new CertificateRules("MANGYSTAU_MINOR_DEPOSITS_2012", office, "DEPOSIT_OR_INHERITANCE_DOCUMENT",
                "Не приложены документы о вкладе (наследстве) несовершеннолетнего", false, (a, app) -> {
                    var request = app.getMinorDepositsRequest();
                    MinorDepositsCertificate c = new MinorDepositsCertificate();
                    c.setHeader(office.header(a, app));
                    c.setCertificateNumber("СВ-" + a.registrationNumber());
                    c.setAddressee(request.getAddressee());
                    c.setAddresseeName(request.getAddresseeName());
                    c.setPermission(switch (request.getAddressee()) {
                        case ROAD_POLICE -> "Оформление наследства несовершеннолетнему: " + request.getSubject();
                        case PENSION_FUND, BANK -> "Распоряжение вкладом несовершеннолетнего: " + request.getSubject();
                    });
                    c.setLegalRepresentativeIin(app.getRecipient().getIin());
                    c.getFurtherChild().addAll(request.getFurtherChild());
                    return c;
                });
    }

    /** S4: the certificate for a transaction with the minor's property. */
    public static CertificateRules minorProperty(MangystauOffice office) {
        return new CertificateRules("MANGYSTAU_MINOR_PROPERTY_2012", office, "PROPERTY_DOCUMENT",
                "Не приложен правоустанавливающий документ на имущество несовершеннолетнего", true, (a, app) -> {
                    var request = app.getPropertyTransactionRequest();
                    PropertyTransactionCertificate c = new PropertyTransactionCertificate();
                    c.setHeader(office.header(a, app));
                    c.setCertificateNumber("СИ-" + a.registrationNumber());
                    c.setTransaction(request.getTransaction());
                    c.setProperty(request.getProperty());
                    c.setLegalRepresentativeIin(app.getRecipient().getIin());
                    c.getFurtherChild().addAll(request.getFurtherChild());
                    return c;
                });
    }

    @Override
    public String serviceId() {
        return serviceId;
    }

    @Override
    public List<OfficeStep> decide(ReceivedApplication a) {
        Application application = MangystauOffice.read(a);
        List<OfficeStep> steps = new ArrayList<>(office.registeredAndInWork(a));
        if (!MangystauOffice.attached(application, requiredKind)) {
            steps.add(office.refusal(a, application, justification,
                    commission ? "Заключение комиссии № К-" + a.registrationNumber() : null));
        } else {
            steps.add(OfficeStep.result("certificate", ShepXml.toElement(certificate.apply(a, application)),
                    office.authorised()));
        }
        return steps;
    }
}
