package kz.qaqpa.gateway.generated;

import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.handler.Handler;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.xml.ws.handler.soap.SOAPHandler;
import jakarta.xml.ws.handler.soap.SOAPMessageContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import javax.xml.transform.dom.DOMSource;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.WsNames;
import org.w3c.dom.Document;

/**
 * The WS-Security part of a ШЭП client as a plain JAX-WS handler, for a client generated from the WSDL: signs
 * every outgoing envelope over soap:Body with the system's key ({@link EnvelopeSigner}), and verifies the
 * signature of every incoming answer and fault ({@link EnvelopeVerifier}), handing the signer certificate to
 * {@code peerCheck}. The signers it verified are kept for the test to look at.
 */
public final class EnvelopeSigningHandler implements SOAPHandler<SOAPMessageContext> {
    private final KeyMaterial key;
    private final Consumer<X509Certificate> peerCheck;
    private final List<X509Certificate> verifiedSigners = new CopyOnWriteArrayList<>();

    public EnvelopeSigningHandler(KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        this.key = key;
        this.peerCheck = peerCheck;
    }

    /** Appends this handler to the handler chain of a JAX-WS port. */
    public EnvelopeSigningHandler installOn(Object port) {
        BindingProvider provider = (BindingProvider) port;
        @SuppressWarnings("rawtypes")
        List<Handler> chain = new ArrayList<>(provider.getBinding().getHandlerChain());
        chain.add(this);
        provider.getBinding().setHandlerChain(chain);
        return this;
    }

    public List<X509Certificate> verifiedSigners() {
        return List.copyOf(verifiedSigners);
    }

    @Override
    public boolean handleMessage(SOAPMessageContext context) {
        if (Boolean.TRUE.equals(context.get(MessageContext.MESSAGE_OUTBOUND_PROPERTY))) {
            sign(context.getMessage());
        } else {
            verify(context.getMessage());
        }
        return true;
    }

    @Override
    public boolean handleFault(SOAPMessageContext context) {
        if (!Boolean.TRUE.equals(context.get(MessageContext.MESSAGE_OUTBOUND_PROPERTY))) {
            verify(context.getMessage());
        }
        return true;
    }

    /** Tells the SOAP runtime that this handler processes the mustUnderstand wsse:Security header. */
    @Override
    public Set<QName> getHeaders() {
        return Set.of(new QName(WsNames.WSSE, "Security"));
    }

    @Override
    public void close(MessageContext context) {
    }

    private void sign(SOAPMessage message) {
        Document envelope = EnvelopeSigner.sign(SecureXml.parse(bytes(message)), key);
        try {
            message.getSOAPPart().setContent(new DOMSource(envelope));
            message.saveChanges();
        } catch (SOAPException e) {
            throw new IllegalStateException("cannot put the signed envelope back into the SOAP message", e);
        }
    }

    private void verify(SOAPMessage message) {
        X509Certificate signer = EnvelopeVerifier.verify(SecureXml.parse(bytes(message)));
        peerCheck.accept(signer);
        verifiedSigners.add(signer);
    }

    private static byte[] bytes(SOAPMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (SOAPException | IOException e) {
            throw new IllegalStateException("cannot serialise the SOAP message", e);
        }
    }
}
