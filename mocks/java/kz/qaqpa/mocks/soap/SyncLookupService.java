package kz.qaqpa.mocks.soap;

import java.security.cert.X509Certificate;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.common.StatusInfo;
import kz.qaqpa.contract.sync.request.SyncSendMessageRequest;
import kz.qaqpa.contract.sync.response.ResponseData;
import kz.qaqpa.contract.sync.response.SyncSendMessageResponse;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.contract.sync.types.SendMessageResponse;
import kz.qaqpa.contract.sync.types.SyncMessageInfoResponse;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * A state registry reached through the ШЭП sync channel: one {@code SendMessage} operation whose
 * {@code requestData/data} holds a look-up request and whose {@code responseData/data} holds the answer.
 * ГБД ФЛ, ГБД ЮЛ and ЕНИС mocks are instances of this with their own look-up function ({@link KeyedRegistryMock}).
 */
public final class SyncLookupService {
    public static final String SYNC_NS = "http://bip.bee.kz/SyncChannel/v10/Types";
    public static final QName SEND_MESSAGE = new QName(SYNC_NS, "SendMessage");
    public static final QName SEND_MESSAGE_FAULT = new QName(SYNC_NS, "SendMessageFault1_SendMessageFault");
    public static final String SUCCESS = "SCSS001";

    private SyncLookupService() {
    }

    /**
     * A server whose SendMessage handler passes the request document (the element inside requestData/data) to
     * {@code lookup} and answers the JAXB root element it returns. The lookup throws a {@link ShepException} for a
     * request it cannot read.
     */
    public static MockSoapServer server(String name, int port, String path, KeyMaterial key,
                                        Consumer<X509Certificate> peerCheck, Function<Element, Object> lookup) {
        MockSoapServer server = new MockSoapServer(name, port, path, key, peerCheck);
        server.operation(SEND_MESSAGE, SEND_MESSAGE_FAULT, payload -> answer(payload, lookup));
        return server;
    }

    /**
     * The answer to one SendMessage ({@code payload}, its element), as {@link #server}'s handler answers it: for a
     * stand-in that also notes what the request says of itself (e.g. its messageDate).
     */
    public static SendMessageResponse answer(Element payload, Function<Element, Object> lookup) {
        SyncSendMessageRequest request = ShepXml.fromNode(payload, SendMessage.class).getRequest();
        if (request == null || request.getRequestInfo() == null || request.getRequestData() == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SendMessage needs requestInfo and requestData");
        }
        Object answer = lookup.apply(DataElements.unwrap(request.getRequestData().getData()));

        StatusInfo status = new StatusInfo();
        status.setCode(SUCCESS);
        status.setMessage("OK");
        SyncMessageInfoResponse info = new SyncMessageInfoResponse();
        info.setMessageId(UUID.randomUUID().toString());
        info.setCorrelationId(request.getRequestInfo().getMessageId());
        info.setResponseDate(SoapEnvelopes.now());
        info.setStatus(status);
        info.setSessionId(request.getRequestInfo().getSessionId() != null
                ? request.getRequestInfo().getSessionId() : SessionIds.next());
        ResponseData data = new ResponseData();
        // a String is the document as escaped text, the contract's other form of data
        data.setData(answer instanceof String text ? text
                : answer instanceof Element document ? DataElements.wrap(document) : DataElements.wrapJaxb(answer));
        SyncSendMessageResponse response = new SyncSendMessageResponse();
        response.setResponseInfo(info);
        response.setResponseData(data);
        SendMessageResponse root = new SendMessageResponse();
        root.setResponse(response);
        return root;
    }
}
