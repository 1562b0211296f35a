package kz.qaqpa.regulation;

import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/** The signed application inside an inbound REQUEST, as DOM (for its signature) and as JAXB (for its data). */
public record ApplicationDocument(Element element, Application application) {
    public static final String NAMESPACE = "http://qaqpa.kz/services/kindergarten/v1";

    public static ApplicationDocument of(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        Element element = in.businessDocument();
        if (element == null || !NAMESPACE.equals(element.getNamespaceURI()) || !"application".equals(element.getLocalName())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "messageData/data must hold an <application> of "
                    + NAMESPACE);
        }
        return new ApplicationDocument(element, ShepXml.fromNode(element, Application.class));
    }
}
