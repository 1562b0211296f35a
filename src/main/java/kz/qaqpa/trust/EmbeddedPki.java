package kz.qaqpa.trust;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A test PKI (НУЦ РК stand-in serving CRL and OCSP) that the demo embeds. The gateway finds its {@link Provider} with
 * {@link java.util.ServiceLoader}; the production jar holds none, so there the gateway runs only on configured keys.
 */
public interface EmbeddedPki extends AutoCloseable {

    /** The gateway's own key, issued by this PKI. */
    KeyMaterial gatewayKey();

    X509Certificate root();

    X509Certificate issuing();

    /** Stops serving CRL and OCSP. */
    @Override
    void close();

    /** Opens (or creates on first start) the test PKI kept in a directory and serves it on a port. */
    interface Provider {
        EmbeddedPki start(Path dir, char[] password, int port);
    }
}
