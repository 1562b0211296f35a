package kz.qaqpa.regulation;

import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;

/**
 * The front office's check of the package of documents where the regulation's text has one (seed 004 para 10: the
 * State Corporation refuses to accept an incomplete package and gives a receipt of refusal on its Standard's
 * form). The documents the package must hold are the route's {@code requiredDocuments} (kinds the application
 * lists at {@code field.documents}); where the text has the consent to use information protected by law
 * ({@code consentRequired}), the application must carry it ({@code field.secretsConsent} = true). A failure is
 * recorded for the regulation's own refusal step, not thrown.
 */
public final class PackageCondition {

    public void check(Exchange exchange) {
        exchange.removeVariable(Refusals.FAILURE);
        ApplicationDocument doc = ApplicationDocument.of(exchange);
        List<String> present = DocumentFields.readAll(doc.element(), exchange.getVariable("field.documents", String.class));
        List<String> missing = new ArrayList<>();
        for (String kind : exchange.getVariable("requiredDocuments", "", String.class).split(",")) {
            if (!kind.isBlank() && !present.contains(kind.trim())) {
                missing.add(kind.trim());
            }
        }
        if (!missing.isEmpty()) {
            exchange.setVariable(Refusals.FAILURE, new ShepException(FaultCode.INCOMPLETE_PACKAGE,
                    "the package lacks " + String.join(", ", missing)));
            return;
        }
        boolean consentRequired = Boolean.parseBoolean(exchange.getVariable("consentRequired", "false", String.class));
        String consent = DocumentFields.read(doc.element(), exchange.getVariable("field.secretsConsent", String.class));
        if (consentRequired && !"true".equals(consent)) {
            exchange.setVariable(Refusals.FAILURE, new ShepException(FaultCode.INCOMPLETE_PACKAGE,
                    "the applicant's consent to use information protected by law is not given"));
            return;
        }
        exchange.setVariable("outcome", "package complete: " + String.join(", ", present)
                + (consentRequired ? "; consent given" : ""));
    }
}
