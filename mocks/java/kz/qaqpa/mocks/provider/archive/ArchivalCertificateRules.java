package kz.qaqpa.mocks.provider.archive;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.archive.ArchivalCertificate;
import kz.qaqpa.document.archive.IndividualApplication;
import kz.qaqpa.document.archive.LegalEntityApplication;
import kz.qaqpa.document.archive.PersonName;
import kz.qaqpa.document.archive.Refusal;
import kz.qaqpa.document.archive.Request;
import kz.qaqpa.document.archive.ResultHeader;
import kz.qaqpa.document.archive.StatusNotification;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Element;

/**
 * The Astana archive (seed 003) deciding archival certificates, for individuals or for legal entities. The rules
 * are the mock's own (the regulation has none; mocks/README.md):
 * <ol>
 *   <li>REGISTERED with the office's number, then IN_WORK.</li>
 *   <li>On the portal, a request whose period starts before {@value #TRANSFERRED_BEFORE} gets its term extended by
 *       {@value #EXTRA_DAYS} calendar days (TERM_EXTENDED, reason: those records are kept in the Central State
 *       Archive and must be asked for): Table 3 action 6 allows the portal's term to grow; the office and ХҚКО
 *       tables do not, so no extension there.</li>
 *   <li>The archive holds the records of organisations of Astana, Akmola and Tselinograd (the city's former names):
 *       an organisation whose name contains one of them gets the archival certificate; any other a reasoned
 *       refusal RECORDS_NOT_FOUND.</li>
 *   <li>On the portal, TAKEN_UP once decided, before the result (Table 3 action 8's «іске алынған» notice follows the
 *       decision and the output document, actions 6-7).</li>
 * </ol>
 * Every result is signed by the archive's employee (test PKI alias {@code employee-archive}).
 */
public final class ArchivalCertificateRules implements ServiceRules {
    public static final String PERSONS = "ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON";
    public static final String ENTITIES = "ASTANA_ARCHIVE_CERTIFICATE_2012_ENTITY";
    static final int TRANSFERRED_BEFORE = 1960;
    static final int EXTRA_DAYS = 15;
    private static final List<String> HOLDINGS = List.of("astana", "akmola", "tselinograd");
    private static final String ISSUED_BY = "«Астана қаласының мемлекеттік мұрағаты» ММ";
    private final String serviceId;
    private final KeyMaterial employee;

    /** @param employee the archive employee who signs the results */
    public ArchivalCertificateRules(String serviceId, KeyMaterial employee) {
        this.serviceId = serviceId;
        this.employee = employee;
    }

    @Override
    public String serviceId() {
        return serviceId;
    }

    @Override
    public List<OfficeStep> decide(ReceivedApplication a) {
        Applicant applicant = applicant(a.document());
        List<OfficeStep> steps = new ArrayList<>();
        steps.add(OfficeStep.notification("registered", status(a, "REGISTERED")));
        steps.add(OfficeStep.notification("in-work", status(a, "IN_WORK")));
        if ("PORTAL".equals(applicant.channel()) && applicant.request().getYearFrom().getYear() < TRANSFERRED_BEFORE) {
            steps.add(OfficeStep.notification("term-extended", extension(a)));
        }
        Request request = applicant.request();
        boolean held = HOLDINGS.stream().anyMatch(request.getOrganisationName().toLowerCase(Locale.ROOT)::contains);
        if ("PORTAL".equals(applicant.channel())) {
            steps.add(OfficeStep.notification("taken-up", status(a, "TAKEN_UP")));
        }
        steps.add(OfficeStep.result("result", held ? certificate(a, applicant) : refusal(a, applicant), employee));
        return steps;
    }

    /** What the rules need of either application document. */
    private record Applicant(String channel, String iin, String bin, String name, Request request) {
    }

    private static Applicant applicant(Element document) {
        if ("legalEntityApplication".equals(document.getLocalName())) {
            LegalEntityApplication e = ShepXml.fromNode(document, LegalEntityApplication.class);
            return new Applicant(e.getChannel().value(), null, e.getLegalEntity().getBin(), e.getLegalEntity().getName(),
                    e.getRequest());
        }
        IndividualApplication p = ShepXml.fromNode(document, IndividualApplication.class);
        return new Applicant(p.getChannel().value(), p.getApplicant().getIin(), null, name(p.getApplicant().getName()),
                p.getRequest());
    }

    private static String name(PersonName n) {
        return n.getLastName() + " " + n.getFirstName() + (n.getMiddleName() == null ? "" : " " + n.getMiddleName());
    }

    private static Element status(ReceivedApplication a, String code) {
        StatusNotification s = new StatusNotification();
        s.setCorrelationId(a.correlationId());
        s.setStatus(code);
        s.setRegistrationNumber(a.registrationNumber());
        s.setChangedAt(DataElements.dateTime(a.clock().instant()));
        return ShepXml.toElement(s);
    }

    private static Element extension(ReceivedApplication a) {
        StatusNotification s = new StatusNotification();
        s.setCorrelationId(a.correlationId());
        s.setStatus("TERM_EXTENDED");
        StatusNotification.Extension e = new StatusNotification.Extension();
        e.setExtraDays(BigInteger.valueOf(EXTRA_DAYS));
        e.setReason("Records before " + TRANSFERRED_BEFORE + " are kept in the Central State Archive and are requested"
                + " from there");
        s.setExtension(e);
        s.setChangedAt(DataElements.dateTime(a.clock().instant()));
        return ShepXml.toElement(s);
    }

    private ResultHeader header(ReceivedApplication a, Applicant applicant) {
        ResultHeader h = new ResultHeader();
        h.setCorrelationId(a.correlationId());
        h.setRegistrationNumber(a.registrationNumber());
        h.setIssuedAt(DataElements.dateTime(a.clock().instant()));
        h.setEmployeeIin(SubjectIdentity.of(employee.certificate()).iin());
        if (applicant.bin() != null) {
            h.setApplicantBin(applicant.bin());
        } else {
            h.setApplicantIin(applicant.iin());
        }
        h.setApplicantName(applicant.name());
        return h;
    }

    private Element certificate(ReceivedApplication a, Applicant applicant) {
        Request r = applicant.request();
        ArchivalCertificate c = new ArchivalCertificate();
        c.setHeader(header(a, applicant));
        c.setCertificateNumber("МА-" + a.registrationNumber());
        c.setCertificateKind(r.getCertificateKind());
        c.setContent("The records of " + r.getOrganisationName() + " for " + r.getYearFrom().getYear() + "-"
                + r.getYearTo().getYear() + " confirm what " + applicant.name() + " asked about ("
                + r.getCertificateKind().value() + ").");
        ArchivalCertificate.Source source = new ArchivalCertificate.Source();
        source.setFund("Қ-" + (100 + Math.abs(r.getOrganisationName().hashCode() % 900)));
        source.setInventory("1");
        source.setFile(String.valueOf(r.getYearFrom().getYear()));
        source.setSheets("1-12");
        c.getSource().add(source);
        c.setIssuedBy(ISSUED_BY);
        return ShepXml.toElement(c);
    }

    private Element refusal(ReceivedApplication a, Applicant applicant) {
        Refusal refusal = new Refusal();
        refusal.setHeader(header(a, applicant));
        refusal.setReasonCode("RECORDS_NOT_FOUND");
        refusal.getReason().add("The State Archive of Astana holds no records of " + applicant.request().getOrganisationName());
        return ShepXml.toElement(refusal);
    }
}
