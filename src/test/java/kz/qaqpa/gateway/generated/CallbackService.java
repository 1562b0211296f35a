package kz.qaqpa.gateway.generated;

import static kz.qaqpa.gateway.generated.GeneratedContract.get;
import static kz.qaqpa.gateway.generated.GeneratedContract.set;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.namespace.QName;
import kz.qaqpa.mocks.soap.DataElements;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;

/**
 * A channel's callback service as an integrator builds it from the callback contract: the port type wsdl2java
 * generated ({@code IAsyncChannelClient}), implemented here by a proxy that keeps each call and answers it as the
 * contract says, published with CXF from the WSDL it was generated from, schema validation on, with a JAX-WS handler
 * for the WS-Security signature.
 */
public final class CallbackService implements AutoCloseable {
    /** The callback contract's binding and service namespace. */
    public static final String BINDING = "http://bip.bee.kz/AsyncChannel/v10/Interfaces/Client/Binding";

    /** One callback: its operation and the id it is about (a notification's messageId, a result's correlationId). */
    public record Call(String operation, String about) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private Server server;

    private CallbackService() {
    }

    /** Publishes the generated callback port type of {@code contract} (from {@code wsdlUrl}) at {@code address}. */
    public static CallbackService publish(GeneratedContract contract, String wsdlUrl, String address,
                                          EnvelopeSigningHandler security) {
        CallbackService service = new CallbackService();
        Class<?> portType = contract.type(".IAsyncChannelClient");
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setServiceClass(portType);
        factory.setServiceBean(Proxy.newProxyInstance(portType.getClassLoader(), new Class<?>[] {portType},
                service.answering()));
        factory.setWsdlURL(wsdlUrl);
        factory.setServiceName(new QName(BINDING, "AsyncChannelClientHttpService"));
        factory.setEndpointName(new QName(BINDING, "AsyncChannelClientHttpPort"));
        factory.setAddress(address);
        factory.getProperties(true).put("schema-validation-enabled", true);
        factory.getHandlers().add(security);
        service.server = factory.create();
        return service;
    }

    /** The operations called about {@code id}, in order. */
    public List<String> calls(Set<String> ids) {
        return calls.stream().filter(c -> ids.contains(c.about())).map(Call::operation).toList();
    }

    /** Waits until {@code operation} was called about {@code id}. */
    public void awaitCall(String operation, String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!calls.contains(new Call(operation, id))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + operation + " about " + id + " within " + timeout + "; got " + calls);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private InvocationHandler answering() {
        return (proxy, method, args) -> switch (method.getName()) {
            case "sendMessage" -> result(method, args[0]);
            case "changeMassageStatusNotification" -> notification(method, args[0]);
            case "toString" -> "callback service";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }

    private Object result(Method method, Object request) throws ReflectiveOperationException {
        Object info = get(request, "messageInfo");
        calls.add(new Call("sendMessage", (String) get(info, "correlationId")));
        Object response = method.getReturnType().getConstructor().newInstance();
        set(response, "messageId", get(info, "messageId"));
        set(response, "correlationId", get(info, "correlationId"));
        set(response, "responseDate", DataElements.dateTime(Instant.now()));
        return response;
    }

    private Object notification(Method method, Object request) throws ReflectiveOperationException {
        calls.add(new Call("changeMassageStatusNotification", (String) get(get(request, "notification"), "messageId")));
        Object response = method.getReturnType().getConstructor().newInstance();
        set(response, "responseDate", DataElements.dateTime(Instant.now()));
        set(response, "sessionId", "{" + UUID.randomUUID() + "}");
        return response;
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroy();
        }
    }
}
