package kz.qaqpa.mocks.provider.mangystau;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.GregorianCalendar;
import java.util.List;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.mangystau.Application;
import kz.qaqpa.document.mangystau.ObjectFactory;
import kz.qaqpa.document.mangystau.ResultHeader;
import kz.qaqpa.document.mangystau.StatusNotification;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Element;

/**
 * One Mangystau provider organisation (seed 001 para 1: a district education department or a village akim's office)
 * as its rules see it: its name, its authorised person who signs every result («ЭЦП уполномоченного лица
 * услугодателя», paras 6.12, 7.10) and the documents every decision shares (the statuses, the result header, the
 * refusal letter).
 *
 * @param name       the organisation's name, printed in every result header
 * @param authorised the key of its authorised person (test PKI alias employee-karakiyak, employee-baskuduk)
 */
public record MangystauOffice(String name, KeyMaterial authorised) {
    static final ObjectFactory DOCUMENTS = new ObjectFactory();
    private static final ZoneId ZONE = ZoneId.of("Asia/Almaty");

    static Application read(ReceivedApplication a) {
        return ShepXml.fromNode(a.document(), Application.class);
    }

    /** REGISTERED with the office's number (registration in АРМ РШЭП), then IN_WORK (its check of the documents). */
    List<OfficeStep> registeredAndInWork(ReceivedApplication a) {
        return List.of(OfficeStep.notification("registered", status(a, "REGISTERED", a.registrationNumber())),
                OfficeStep.notification("in-work", status(a, "IN_WORK", null)));
    }

    private static Element status(ReceivedApplication a, String code, String number) {
        StatusNotification s = new StatusNotification();
        s.setCorrelationId(a.correlationId());
        s.setStatus(code);
        s.setRegistrationNumber(number);
        s.setChangedAt(now(a));
        return ShepXml.toElement(s);
    }

    /** The header of a result: about this application, formed by this office, signed by its authorised person. */
    ResultHeader header(ReceivedApplication a, Application application) {
        ResultHeader h = new ResultHeader();
        h.setCorrelationId(a.correlationId());
        h.setRegistrationNumber(a.registrationNumber());
        h.setIssuedAt(now(a));
        h.setProvider(name);
        h.setEmployeeIin(SubjectIdentity.of(authorised.certificate()).iin());
        h.setChildIin(application.getChild().getIin());
        h.setChildName(application.getChild().getName());
        return h;
    }

    /** The refusal letter «с текстом обоснования отказа» (S2 App. 3, S3/S4 App. 4), optionally on a commission's conclusion. */
    OfficeStep refusal(ReceivedApplication a, Application application, String justification, String commission) {
        var refusal = DOCUMENTS.createRefusal();
        refusal.setHeader(header(a, application));
        refusal.setJustification(justification);
        refusal.setCommissionConclusion(commission);
        return OfficeStep.result("refusal", ShepXml.toElement(refusal), authorised);
    }

    static boolean attached(Application application, String kind) {
        return application.getAttachment().stream().anyMatch(at -> kind.equals(at.getKind()));
    }

    static LocalDate today(ReceivedApplication a) {
        return a.receivedAt().atZone(ZONE).toLocalDate();
    }

    static XMLGregorianCalendar now(ReceivedApplication a) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                GregorianCalendar.from(a.receivedAt().atZone(ZONE)));
    }

    static XMLGregorianCalendar date(LocalDate d) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(d.toString());
    }
}
