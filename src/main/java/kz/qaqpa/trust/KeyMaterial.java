package kz.qaqpa.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A signing key with its certificate.
 *
 * @param chain the whole chain as stored in the key store, leaf first ({@code chain.get(0) == certificate});
 *              the CA part is {@link #issuerChain()}
 */
public record KeyMaterial(PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {

    public KeyMaterial {
        chain = List.copyOf(chain);
    }

    /** Loads the (first) private-key entry of a PKCS#12 file. */
    public static KeyMaterial fromPkcs12(Path file, char[] password) {
        Santuario.init(); // a GOST key needs BouncyCastle's key factory, which Santuario's set-up installs
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return fromEntry(store, alias, password);
                }
            }
            throw new IllegalArgumentException(file + " holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read PKCS#12 key store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The XML-DSig algorithm this key signs with. */
    public SigningAlgorithm algorithm() {
        return SigningAlgorithm.of(privateKey);
    }

    public List<X509Certificate> issuerChain() {
        return chain.size() > 1 ? chain.subList(1, chain.size()) : List.of();
    }

    private static KeyMaterial fromEntry(KeyStore store, String alias, char[] password) throws GeneralSecurityException {
        PrivateKey key = (PrivateKey) store.getKey(alias, password);
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }
        return new KeyMaterial(key, chain.get(0), chain);
    }
}
