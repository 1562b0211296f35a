package kz.qaqpa.trust;

import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.ECKey;
import org.apache.xml.security.algorithms.JCEMapper;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.exceptions.AlgorithmAlreadyRegisteredException;
import org.apache.xml.security.signature.XMLSignatureException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * GOST R 34.10-2015 (256-bit) signatures with the GOST R 34.11-2015 (Streebog-256) digest in XML-DSig, computed by
 * BouncyCastle and registered with Santuario under the URIs of the Kazakh PKI ({@code pkigovkz}, as KalkanCrypt and
 * NCANode write them) and, for the same algorithm, the CryptoPro names ({@code cpxmlsec}, GOST R 34.10-2012 = 34.10-2015,
 * 34.11-2012 = 34.11-2015). Whether a signature may use them is still the {@link SignaturePolicy}'s decision.
 *
 * <p>BouncyCastle is added as the last JCA provider, so the JDK (and the Corretto provider) keep RSA, while
 * certificates, CRLs and OCSP answers signed with GOST parse and verify through the ordinary JCA calls. The
 * SignatureValue is BouncyCastle's encoding: the 64-byte concatenation of s and r that GOST R 34.10 defines.
 */
final class GostXmlDsig {
    static final String SIGNATURE_2015_256 = "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-256";
    static final String DIGEST_2015_256 = "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-256";
    static final String SIGNATURE_2012_256_CRYPTOPRO = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256";
    static final String DIGEST_2012_256_CRYPTOPRO = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256";
    static final int KEY_BITS = 256;
    /** BouncyCastle's JCA names. */
    static final String JCE_KEY = "ECGOST3410-2012";
    static final String JCE_SIGNATURE = "GOST3411-2012-256WITHECGOST3410-2012-256";
    static final String JCE_DIGEST = "GOST3411-2012-256";

    private GostXmlDsig() {
    }

    /** Called once from {@link Santuario}'s initializer, after Santuario's own algorithms are registered. */
    static void register() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        String provider = BouncyCastleProvider.PROVIDER_NAME;
        JCEMapper.register(SIGNATURE_2015_256, new JCEMapper.Algorithm(JCE_KEY, JCE_SIGNATURE, "Signature", 0, 0, provider));
        JCEMapper.register(SIGNATURE_2012_256_CRYPTOPRO, new JCEMapper.Algorithm(JCE_KEY, JCE_SIGNATURE, "Signature", 0, 0, provider));
        JCEMapper.register(DIGEST_2015_256, new JCEMapper.Algorithm("", JCE_DIGEST, "MessageDigest", 0, 0, provider));
        JCEMapper.register(DIGEST_2012_256_CRYPTOPRO, new JCEMapper.Algorithm("", JCE_DIGEST, "MessageDigest", 0, 0, provider));
        try {
            SignatureAlgorithm.register(SIGNATURE_2015_256, Kazakh.class);
            SignatureAlgorithm.register(SIGNATURE_2012_256_CRYPTOPRO, CryptoPro.class);
        } catch (AlgorithmAlreadyRegisteredException e) {
            // another class loader's copy of this class registered them first: same algorithm, nothing to do
        } catch (ClassNotFoundException | XMLSignatureException e) {
            throw new IllegalStateException("cannot register the GOST signature algorithms with Santuario", e);
        }
    }

    /** Field size of a GOST key's curve, or 0 for a key that is not an EC GOST key. */
    static int bits(Key key) {
        return key instanceof ECKey ec && ec.getParams() != null
                ? ec.getParams().getCurve().getField().getFieldSize() : 0;
    }

    /** Under the Kazakh URI. Santuario instantiates the class by reflection, with a Provider or without. */
    public static final class Kazakh extends Gost256Spi {
        public Kazakh() {
            super(SIGNATURE_2015_256);
        }

        public Kazakh(Provider ignored) {
            this();
        }
    }

    /** Under the CryptoPro URI. */
    public static final class CryptoPro extends Gost256Spi {
        public CryptoPro() {
            super(SIGNATURE_2012_256_CRYPTOPRO);
        }

        public CryptoPro(Provider ignored) {
            this();
        }
    }

    /**
     * Santuario's engine interface over BouncyCastle's GOST signature (the one provider of {@link #JCE_SIGNATURE}),
     * kept on the thread between signatures ({@link KeptSignatureSpi}).
     */
    abstract static class Gost256Spi extends KeptSignatureSpi {
        Gost256Spi(String uri) {
            super(uri, JCE_SIGNATURE, Security.getProvider(BouncyCastleProvider.PROVIDER_NAME), true);
        }

        @Override
        protected void requireKey(Key key) throws XMLSignatureException {
            requireGost256(key);
        }

        /** A 512-bit or an RSA key under a 256-bit URI is a mismatch, not something to try. */
        private static void requireGost256(Key key) throws XMLSignatureException {
            if (!(key instanceof PrivateKey || key instanceof PublicKey) || !key.getAlgorithm().startsWith(JCE_KEY)
                    || bits(key) != KEY_BITS) {
                throw new XMLSignatureException("empty", new Object[] {"a " + key.getAlgorithm() + " key cannot make or check a"
                        + " GOST R 34.10-2015 " + KEY_BITS + "-bit signature"});
            }
        }
    }
}
