package kz.qaqpa.channel;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.ContentTypes;
import org.apache.camel.component.cxf.interceptors.RawMessageWSDLGetInterceptor;
import org.apache.cxf.frontend.WSDLQueryException;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * Serves {@code GET …?wsdl} and {@code ?xsd=<name>} as the channels' RAW endpoints always did (it is Camel's own
 * interceptor for them, run just before the instance Camel adds, which it leaves nothing to do), except that a name
 * the endpoint does not publish gets the gateway's signed ШЭП fault (SCE001, HTTP 404), as every other bad request
 * does, instead of CXF's unsigned fault without an ErrorInfo. Which names are published stays CXF's decision: the
 * WSDL and the schemas it links, by the names CXF writes into them.
 */
public final class ContractDocumentGuard extends RawMessageWSDLGetInterceptor {
    private static final int NOT_FOUND = 404;
    /** CXF's message codes for a ?wsdl= or ?xsd= name it does not know. */
    private static final Set<String> UNKNOWN_NAME = Set.of("WSDL_NOT_FOUND", "SCHEMA_NOT_FOUND");
    private final Faults faults;

    public ContractDocumentGuard(Faults faults) {
        addBefore(RawMessageWSDLGetInterceptor.class.getName());
        this.faults = faults;
    }

    @Override
    public void handleMessage(Message message) {
        try {
            super.handleMessage(message);
        } catch (WSDLQueryException e) {
            if (!UNKNOWN_NAME.contains(e.getCode())) {
                throw e; // CXF could not write a document it publishes: its own failure, for CXF to answer
            }
            refuse(message, new ShepException(FaultCode.MALFORMED_MESSAGE, "this endpoint publishes no such document ("
                    + e.getMessage() + "); ?wsdl gives its WSDL, which links its schemas"));
        }
    }

    /** Answers with the signed fault and ends the request here: nothing after this interceptor runs. */
    private void refuse(Message message, ShepException refusal) {
        String path = (String) message.get(Message.REQUEST_URI);
        byte[] fault = faults.refusal(refusal, SessionIds.next(), Faults.operationAt(path == null ? "" : path),
                SoapVersion.SOAP11, ClientNetwork.of(message));
        HttpServletResponse response = (HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE);
        try {
            response.setStatus(NOT_FOUND);
            response.setContentType(ContentTypes.TEXT_XML);
            response.setContentLength(fault.length);
            response.getOutputStream().write(fault);
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("the fault could not be sent", e);
        } finally {
            message.getInterceptorChain().abort();
        }
    }
}
