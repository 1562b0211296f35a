package kz.qaqpa.mocks.provider.almaty;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.almatyfamily.Application;
import kz.qaqpa.document.almatyfamily.AttachedDocument;
import kz.qaqpa.document.almatyfamily.DocumentRefusal;
import kz.qaqpa.document.almatyfamily.ReasonedRefusal;
import kz.qaqpa.document.almatyfamily.ResultHeader;
import kz.qaqpa.document.almatyfamily.StatusNotification;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Element;

/**
 * The Almaty city Education Department deciding one of seed 004's services through its internal chain (paras 5,
 * 6 and 8): REGISTERED (8.1, the journal's number), IN_WORK (8.2, the head's resolution), then the specialist's
 * check of the documents against para 9 of the Standard (8.3): a document marked {@code valid="false"} fails it
 * and the head signs a {@code documentRefusal} (para 9 process 8 / portal process 7); otherwise EXAMINED and the
 * service's result, which {@code result} builds and {@code signer} signs (the head; S2: the akim of the application's
 * district signs the order, the head the refusals).
 * A request whose package comes on paper by courier (ЦОН process 6, {@code deliveryForm} PAPER) is registered only
 * when the package arrives; the mock has no courier, so it sends nothing for it (a test plays the office then).
 */
public final class FamilyRules implements ServiceRules {
    /** Who signs a result: the key and the position printed under the signature. */
    public record Signer(KeyMaterial key, String position) {
    }

    private final String serviceId;
    private final Function<Application, Signer> signer;
    private final Function<Application, Signer> refusalSigner;
    private final BiFunction<Application, ResultHeader, Object> result;

    /**
     * @param signer who signs an application's results (the same person for every application but S2's)
     * @param result the service's result document (a JAXB root) for an application and its filled header; it may
     *               return a reasoned refusal where the service has one
     */
    public FamilyRules(String serviceId, Function<Application, Signer> signer,
                       BiFunction<Application, ResultHeader, Object> result) {
        this(serviceId, signer, signer, result);
    }

    /** @param refusalSigner who signs the refusals where another person signs the results (S2: the head) */
    public FamilyRules(String serviceId, Function<Application, Signer> signer,
                       Function<Application, Signer> refusalSigner, BiFunction<Application, ResultHeader, Object> result) {
        this.serviceId = serviceId;
        this.signer = signer;
        this.refusalSigner = refusalSigner;
        this.result = result;
    }

    @Override
    public String serviceId() {
        return serviceId;
    }

    @Override
    public List<OfficeStep> decide(ReceivedApplication received) {
        Application application = ShepXml.fromNode(received.document(), Application.class);
        if ("PAPER".equals(application.getDeliveryForm())) {
            return List.of();
        }
        List<OfficeStep> steps = new ArrayList<>();
        steps.add(OfficeStep.notification("registered", status(received, "REGISTERED", "журнал")));
        steps.add(OfficeStep.notification("resolution", status(received, "IN_WORK", "бұрыштама")));
        Signer signs = signer.apply(application);
        Signer refuses = refusalSigner.apply(application);
        List<String> violations = application.getDocuments().getDocument().stream()
                .filter(d -> Boolean.FALSE.equals(d.isValid())).map(AttachedDocument::getValue).toList();
        if (!violations.isEmpty()) {
            DocumentRefusal refusal = new DocumentRefusal();
            refusal.setHeader(header(received, application, refuses));
            violations.forEach(kind -> refusal.getViolation().add(kind + ": Стандарттың 9-тармағына сәйкес емес"));
            steps.add(OfficeStep.result("refusal", ShepXml.toElement(refusal), refuses.key()));
            return steps;
        }
        steps.add(OfficeStep.notification("examined", status(received, "EXAMINED", null)));
        Object decided = result.apply(application, header(received, application, signs));
        if (decided instanceof ReasonedRefusal && refuses != signs) {
            decided = result.apply(application, header(received, application, refuses));
            signs = refuses;
        }
        steps.add(OfficeStep.result("result", ShepXml.toElement(decided), signs.key()));
        return steps;
    }

    private static ResultHeader header(ReceivedApplication received, Application application, Signer signs) {
        ResultHeader h = new ResultHeader();
        h.setCorrelationId(received.correlationId());
        h.setRegistrationNumber(received.registrationNumber());
        h.setIssuedAt(DataElements.dateTime(received.clock().instant()));
        h.setSignerIin(SubjectIdentity.of(signs.key().certificate()).iin());
        h.setSignerPosition(signs.position());
        h.setChildIin(application.getChild().get(0).getIin());
        h.setApplicant(application.getApplicant());
        h.setApplicantBin(application.getApplicantBin());
        return h;
    }

    private static Element status(ReceivedApplication received, String status, String comment) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(received.correlationId());
        n.setStatus(status);
        if ("REGISTERED".equals(status)) {
            n.setRegistrationNumber(received.registrationNumber());
        }
        n.setChangedAt(DataElements.dateTime(received.clock().instant()));
        n.setComment(comment);
        return ShepXml.toElement(n);
    }
}
