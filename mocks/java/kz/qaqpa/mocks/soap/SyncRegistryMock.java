package kz.qaqpa.mocks.soap;

import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * A state database mock answering ШЭП sync look-ups on its own port: the server part every such mock shares.
 * The subclass answers one look-up document in {@link #lookup}, called only once the server has started.
 */
public abstract class SyncRegistryMock extends MockService {
    private final MockSoapServer server;

    protected SyncRegistryMock(String name, int port, String path, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        this.server = SyncLookupService.server(name, port, path, key, peerCheck, this::lookup);
    }

    /**
     * The answer document to one look-up document: a JAXB object, or a DOM element (an answer no schema allows, or one
     * kept marshalled), which the answer carries as a copy.
     */
    protected abstract Object lookup(Element request);

    @Override
    protected MockSoapServer server() {
        return server;
    }
}
