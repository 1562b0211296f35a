package kz.qaqpa.mocks.walkthrough;

import java.time.Instant;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.almatyfamily.Application;
import kz.qaqpa.document.almatyfamily.AttachedDocument;
import kz.qaqpa.document.almatyfamily.Channel;
import kz.qaqpa.document.almatyfamily.Representative;
import kz.qaqpa.document.almatyfamily.StatusNotification;
import kz.qaqpa.mocks.soap.DataElements;
import org.w3c.dom.Element;

/**
 * Seed 004 S1 (Almaty, the certificate on guardianship and trusteeship, Std App 1) as the walkthrough sends it: the
 * applicant ZHAKSYLYKOV BOLAT asks for the certificate about his son TIMUR (persons.csv), at the ЦОН (the operator
 * signs, the documents presented on paper, para 9 process 5) or on the portal (he signs). At the ЦОН the result is
 * handed out on showing the identity card, or to a representative under a notarised power of attorney (para 10):
 * the hand-over names the collector (collectedBy, the project's own optional field), here Bolat himself or ABENOV
 * ERLAN under the power ENIS-2026-000103, which ЕНИС's mock holds for Bolat (powers-of-attorney.csv).
 */
final class FamilyCertificateSample implements WalkthroughSample {
    static final String SERVICE_ID = "ALMATY_2015_GUARDIANSHIP_CERTIFICATES";
    private static final String APPLICANT_IIN = "881122303409";
    private static final String CHILD_IIN = "200506504503";
    private static final String REPRESENTATIVE_IIN = "911111305502";
    private static final String POWER_OF_ATTORNEY = "ENIS-2026-000103";
    /** The ЦОН operator of the test PKI (operator-con). */
    private static final String OPERATOR_IIN = "900712302302";
    /** S1's list of documents (para 9): the applicant's identity document and the guardianship order. */
    private static final String[] DOCUMENTS = {"identityDocument", "guardianshipOrder"};
    private final Application application = new Application();
    private final boolean byRepresentative;

    private FamilyCertificateSample(Channel channel, boolean byRepresentative) {
        this.byRepresentative = byRepresentative;
        application.setServiceCode(SERVICE_ID);
        application.setChannel(channel);
        application.setSubmittedAt(DataElements.dateTime(SampleApplication.nextSubmission()));
        application.setApplicant(AlmatyFamilyForms.person(APPLICANT_IIN, "ZHAKSYLYKOV", "BOLAT"));
        application.getChild().add(AlmatyFamilyForms.person(CHILD_IIN, "ZHAKSYLYKOV", "TIMUR"));
        boolean atTheCentre = channel == Channel.CON;
        if (atTheCentre) {
            application.setOperatorIin(OPERATOR_IIN);
            application.setDeliveryForm("ELECTRONIC");
            application.setSecretsConsent(Boolean.TRUE);
        }
        application.setDocuments(new Application.Documents());
        for (String kind : DOCUMENTS) {
            AttachedDocument d = AlmatyFamilyForms.document(kind);
            d.setPaper(atTheCentre ? Boolean.TRUE : null);
            application.getDocuments().getDocument().add(d);
        }
    }

    /**
     * S1 on {@code channel} (its channels: the ЦОН and the portal, para 4), the result collected by the applicant, or
     * by his notarised representative.
     */
    static FamilyCertificateSample on(kz.qaqpa.document.kindergarten.Channel channel, boolean byRepresentative) {
        if (channel != kz.qaqpa.document.kindergarten.Channel.CON
                && channel != kz.qaqpa.document.kindergarten.Channel.PORTAL) {
            throw new IllegalArgumentException("seed 004 S1 (certificate, representative) is served on CON and PORTAL"
                    + " only, not " + channel);
        }
        return new FamilyCertificateSample(Channel.fromValue(channel.value()), byRepresentative);
    }

    @Override
    public String serviceId() {
        return SERVICE_ID;
    }

    @Override
    public Application build() {
        return application;
    }

    @Override
    public String signerAlias() {
        return application.getChannel() == Channel.CON ? "operator-con" : "citizen-bolat";
    }

    /** Para 10: HANDED_OVER naming who collected the result (collectedBy). */
    @Override
    public Element handOver(String correlationId) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(correlationId);
        n.setStatus("HANDED_OVER");
        n.setChangedAt(DataElements.dateTime(Instant.now()));
        StatusNotification.CollectedBy collector = new StatusNotification.CollectedBy();
        if (byRepresentative) {
            Representative r = new Representative();
            r.setIin(REPRESENTATIVE_IIN);
            r.setPowerOfAttorneyNumber(POWER_OF_ATTORNEY);
            collector.setRepresentative(r);
        } else {
            collector.setApplicant(APPLICANT_IIN);
        }
        n.setCollectedBy(collector);
        return ShepXml.toElement(n);
    }

    @Override
    public String collector() {
        return byRepresentative ? "the representative ABENOV ERLAN (ИИН " + REPRESENTATIVE_IIN + ", notarised power "
                + POWER_OF_ATTORNEY + ")" : "the applicant ZHAKSYLYKOV BOLAT (ИИН " + APPLICANT_IIN + ", identity card)";
    }
}
