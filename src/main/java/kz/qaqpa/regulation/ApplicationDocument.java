package kz.qaqpa.regulation;

import javax.xml.namespace.QName;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * The signed application inside an inbound REQUEST: the element the regulation names (variable {@code document},
 * e.g. {@code {http://qaqpa.kz/services/kindergarten/v1}application}) and the facts its checks need.
 */
public record ApplicationDocument(Element element, ApplicationFacts facts) {

    private static final String VARIABLE = "applicationDocument";

    /** Read once per exchange: the channel choice, the form, condition 2 and the intake all ask for it. */
    public static ApplicationDocument of(Exchange exchange) {
        ApplicationDocument cached = exchange.getVariable(VARIABLE, ApplicationDocument.class);
        if (cached == null) {
            cached = read(exchange);
            exchange.setVariable(VARIABLE, cached);
        }
        return cached;
    }

    private static ApplicationDocument read(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        QName expected = QName.valueOf(exchange.getVariable("document", String.class));
        Element element = in.businessDocument();
        if (element == null || !expected.getNamespaceURI().equals(element.getNamespaceURI())
                || !expected.getLocalPart().equals(element.getLocalName())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "messageData/data must hold the service's " + expected);
        }
        return new ApplicationDocument(element, ApplicationFacts.read(exchange, element));
    }
}
