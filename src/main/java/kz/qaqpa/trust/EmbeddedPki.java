package kz.qaqpa.trust;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * A test PKI (НУЦ РК stand-in serving CRL and OCSP) that the demo embeds. The gateway finds its {@link Provider} with
 * {@link java.util.ServiceLoader}; the production jar holds none, so there the gateway runs only on configured keys.
 */
public interface EmbeddedPki extends AutoCloseable {

    /** The gateway's own key, issued by this PKI: of the family named (RSA, GOST), or of its default one when blank. */
    KeyMaterial gatewayKey(String keyAlgorithm);

    /** The roots a relying party of this PKI trusts (one per key family). */
    Set<X509Certificate> roots();

    /** Its issuing CAs. */
    List<X509Certificate> intermediates();

    /** Stops serving CRL and OCSP. */
    @Override
    void close();

    /** Opens (or creates on first start) the test PKI kept in a directory and serves it on a port. */
    interface Provider {
        /** {@code keyAlgorithm}: the family its keys default to (RSA, GOST); blank = the PKI's own default. */
        EmbeddedPki start(Path dir, char[] password, int port, String keyAlgorithm);
    }
}
