package kz.qaqpa.trust;

import java.lang.reflect.Field;
import java.security.Key;
import java.security.Provider;
import java.util.Map;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.algorithms.SignatureAlgorithmSpi;
import org.apache.xml.security.signature.XMLSignature;

/**
 * RSA with SHA-256, SHA-384 and SHA-512 (PKCS #1 v1.5) in XML-DSig over a {@link java.security.Signature} kept on the
 * thread ({@link KeptSignatureSpi}), in place of Santuario's {@code SignatureBaseRSA} engines, which make a new one for
 * every signature (perf67). Same JCA algorithms, same provider selection (the fastest engine first:
 * {@link SignatureEngine}), same URIs; which of them a signature may use is still the {@link SignaturePolicy}'s.
 *
 * <p>Santuario registers its own engines for these URIs in {@code Init.init()} and refuses a second registration, with
 * no way to replace one; so the registry's map is written here, once, right after {@code Init.init()}. A Santuario
 * without that field fails the gateway's start ({@code EnvelopeSignatureTest} first), as {@code HsqldbInternals} does
 * for HSQLDB.
 */
final class RsaXmlDsig {
    private RsaXmlDsig() {
    }

    /** Called once from {@link Santuario}'s initializer, after {@code Init.init()}. */
    static void register() {
        Map<String, Class<? extends SignatureAlgorithmSpi>> registry = registry();
        registry.put(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, Sha256.class);
        registry.put(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384, Sha384.class);
        registry.put(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512, Sha512.class);
    }

    /** Santuario 4.0's {@code SignatureAlgorithm.algorithmHash}: URI to engine class, read for every signature. */
    @SuppressWarnings("unchecked")
    static Map<String, Class<? extends SignatureAlgorithmSpi>> registry() {
        try {
            Field field = SignatureAlgorithm.class.getDeclaredField("algorithmHash");
            field.setAccessible(true);
            return (Map<String, Class<? extends SignatureAlgorithmSpi>>) field.get(null);
        } catch (NoSuchFieldException | IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("Santuario's SignatureAlgorithm has no readable algorithmHash: the RSA"
                    + " engines kept per thread need Santuario 4.0", e);
        }
    }

    /** The JCA refuses a key that is not RSA, as it did under Santuario's engines ({@link KeyFamily} said so first). */
    abstract static class KeptRsa extends KeptSignatureSpi {
        KeptRsa(String uri, String algorithm, Provider provider) {
            super(uri, algorithm, provider, provider == null);
        }

        @Override
        protected void requireKey(Key key) {
            // nothing beyond the JCA's own check: Santuario's RSA engines had none either
        }
    }

    /** http://www.w3.org/2001/04/xmldsig-more#rsa-sha256. Santuario makes it by reflection, with a Provider or without. */
    public static final class Sha256 extends KeptRsa {
        public Sha256() {
            this(null);
        }

        public Sha256(Provider provider) {
            super(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, "SHA256withRSA", provider);
        }
    }

    /** http://www.w3.org/2001/04/xmldsig-more#rsa-sha384. */
    public static final class Sha384 extends KeptRsa {
        public Sha384() {
            this(null);
        }

        public Sha384(Provider provider) {
            super(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384, "SHA384withRSA", provider);
        }
    }

    /** http://www.w3.org/2001/04/xmldsig-more#rsa-sha512. */
    public static final class Sha512 extends KeptRsa {
        public Sha512() {
            this(null);
        }

        public Sha512(Provider provider) {
            super(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512, "SHA512withRSA", provider);
        }
    }
}
