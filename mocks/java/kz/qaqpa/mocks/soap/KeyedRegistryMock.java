package kz.qaqpa.mocks.soap;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A state database mock that finds one row by one key (ГБД ФЛ by ИИН, ГБД ЮЛ by БИН, ЕНИС by number): its own
 * request document or a fault SCE001, then the row as its answer document or its not-found document. The subclass
 * gives only what differs: how it reads the key asked for, how a row reads as an answer, what not-found says.
 *
 * @param <R> a row of the registry (a record of its data file)
 * @param <A> the answer document (JAXB root element) for a row found
 */
public abstract class KeyedRegistryMock<R, A> extends SyncRegistryMock {
    private final String registry;
    private final QName request;
    private final Map<String, R> rows = new LinkedHashMap<>();
    /**
     * Each row's answer document, marshalled once, when first asked for: the rows never change, and marshalling the
     * same record again for every look-up was most of the mock's own work besides its signatures (perf48). Answers
     * are copies of it ({@link #copyOf}).
     */
    private final Map<String, Element> answerDocuments = new ConcurrentHashMap<>();

    /**
     * @param registry the registry's name in a fault, e.g. ГБД ФЛ
     * @param request  the request document it reads
     * @param keyOf    a row's key
     */
    protected KeyedRegistryMock(String name, int port, String path, KeyMaterial key, Consumer<X509Certificate> peerCheck,
                                String registry, QName request, List<R> rows, Function<R, String> keyOf) {
        super(name, port, path, key, peerCheck);
        this.registry = registry;
        this.request = request;
        rows.forEach(r -> this.rows.put(keyOf.apply(r), r));
    }

    /** The answer as the mock would give it for {@code key}, or empty when it holds no such row. */
    public final Optional<A> find(String key) {
        return Optional.ofNullable(rows.get(key)).map(this::answer);
    }

    /** The key the request document asks for. */
    protected abstract String requestedKey(Element request);

    /** The answer document for one row. */
    protected abstract A answer(R row);

    /** The answer document for a key the registry does not hold. */
    protected abstract Object notFound(String key);

    /** Every row, in the order of the data. */
    protected final Collection<R> rows() {
        return Collections.unmodifiableCollection(rows.values());
    }

    @Override
    protected final Object lookup(Element document) {
        if (!DataElements.is(document, request.getNamespaceURI(), request.getLocalPart())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, registry + " expects " + request + ", got {"
                    + document.getNamespaceURI() + "}" + document.getLocalName());
        }
        String key = requestedKey(document);
        R row = rows.get(key);
        return row == null ? notFound(key)
                : copyOf(answerDocuments.computeIfAbsent(key, k -> ShepXml.toElement(answer(row))));
    }

    /**
     * A copy of a kept answer document, made under its lock: a DOM is not safe to read from several threads at once
     * (Xerces makes some of a node's parts when first asked for them), and the server answers on several.
     */
    private static Element copyOf(Element kept) {
        synchronized (kept) {
            Document copy = SecureXml.newDocument();
            return (Element) copy.appendChild(copy.importNode(kept, true));
        }
    }
}
