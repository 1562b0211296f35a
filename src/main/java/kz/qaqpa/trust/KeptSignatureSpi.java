package kz.qaqpa.trust;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.xml.security.algorithms.JCEMapper;
import org.apache.xml.security.algorithms.SignatureAlgorithmSpi;
import org.apache.xml.security.signature.XMLSignatureException;

/**
 * Santuario's engine interface over a {@link Signature} kept on the thread between XML signatures, instead of a new
 * one for each (Santuario's own engines call {@code Signature.getInstance} as they are made, once for every signature
 * made or checked, and the JDK then picks the provider again at every init: perf66's profile, 2-5% of the signed
 * look-up's CPU). The signature itself is the same: the same JCA algorithm, from the same provider selection as
 * Santuario's {@code SignatureBaseRSA} makes (the given provider, else the one pinned by {@code JCEMapper.setProviderId},
 * else {@code Signature.getInstance(algorithm)}'s), initialised with each operation's key.
 *
 * <p>A {@code Signature} is not thread-safe and holds its operation's state from init to sign or verify, so the engine
 * takes the thread's kept one at init and gives it back when its signature is made or checked; an engine that
 * never gets there (its check failed on the way) gives nothing back, and the thread's next engine makes a new one. Two
 * engines in progress on one thread each hold their own. A kept {@code Signature} whose provider, chosen by the first
 * key it was initialised with, refuses a later key is replaced by a new one that chooses again, as a new one would.
 * Subclasses say which keys they take ({@link #requireKey}) and are made by Santuario by reflection for each
 * {@code ds:SignatureMethod}, so they are public with a public constructor.
 *
 * <p>A kept signature stays initialised with its last key until the thread's next init of it (the JCA forgets a key
 * only by another init): a signer's public key, or the gateway's own private key, which the gateway holds for its
 * life anyway (it changes no key while it runs). Forgetting it would cost an init with a throwaway key after every
 * signature, or the kept signature itself, for no key kept longer than the gateway keeps it (review67b P2, engines68);
 * no engine uses a kept signature without its own init first.
 */
public abstract class KeptSignatureSpi extends SignatureAlgorithmSpi {
    /** This thread's kept signatures by JCA algorithm name and pinned provider ({@link #keptAs}). */
    private static final ThreadLocal<Map<String, Signature>> KEPT = ThreadLocal.withInitial(HashMap::new);

    private final String uri;
    private final String algorithm;
    /** null: the JCA's provider selection ({@code Signature.getInstance(algorithm)}); else this provider's. */
    private final Provider provider;
    /** False for a provider the caller gave Santuario: its signatures are made for each engine, as Santuario's are. */
    private final boolean keep;
    /** From init to sign or verify. */
    private Signature signature;
    /** The name {@link #signature} is given back under: the one it was taken or made under, whatever is pinned since. */
    private String keptAs;
    /** The provider pinned in Santuario when this engine took its signature (null: none), read once (review68b 2). */
    private String pinned;

    /**
     * {@code provider} null for the pinned provider or the JCA's selection; {@code keep} for this engine's own provider
     * choice, the only one for its {@code algorithm} (the kept signatures are found by the algorithm's name and the
     * pinned provider's).
     */
    protected KeptSignatureSpi(String uri, String algorithm, Provider provider, boolean keep) {
        this.uri = uri;
        this.algorithm = algorithm;
        this.provider = provider;
        this.keep = keep;
    }

    /** Refuses a key this engine's algorithm cannot use, before the JCA is asked (and before its kind is checked). */
    protected abstract void requireKey(Key key) throws XMLSignatureException;

    @Override
    protected String engineGetURI() {
        return uri;
    }

    @Override
    protected String engineGetJCEAlgorithmString() {
        return algorithm;
    }

    /** The provider of the signature in progress, else the one a new signature would take (Santuario logs it). */
    @Override
    protected String engineGetJCEProviderName() {
        if (signature != null) {
            return signature.getProvider().getName();
        }
        try {
            return newSignature().getProvider().getName();
        } catch (XMLSignatureException e) {
            return null;
        }
    }

    @Override
    protected void engineUpdate(byte[] input) throws XMLSignatureException {
        engineUpdate(input, 0, input.length);
    }

    @Override
    protected void engineUpdate(byte input) throws XMLSignatureException {
        try {
            inProgress().update(input);
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineUpdate(byte[] buf, int offset, int len) throws XMLSignatureException {
        try {
            inProgress().update(buf, offset, len);
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineInitSign(Key key) throws XMLSignatureException {
        engineInitSign(key, (SecureRandom) null);
    }

    @Override
    protected void engineInitSign(Key key, SecureRandom random) throws XMLSignatureException {
        requireKey(key);
        if (!(key instanceof PrivateKey privateKey)) {
            throw wrongKey(key, PrivateKey.class);
        }
        init(s -> {
            if (random == null) {
                s.initSign(privateKey);
            } else {
                s.initSign(privateKey, random);
            }
        });
    }

    @Override
    protected void engineInitSign(Key key, AlgorithmParameterSpec spec) throws XMLSignatureException {
        throw new XMLSignatureException("empty", new Object[] {algorithm + " signatures take no parameters"});
    }

    @Override
    protected void engineInitVerify(Key key) throws XMLSignatureException {
        requireKey(key);
        if (!(key instanceof PublicKey publicKey)) {
            throw wrongKey(key, PublicKey.class);
        }
        init(s -> s.initVerify(publicKey));
    }

    @Override
    protected byte[] engineSign() throws XMLSignatureException {
        try {
            byte[] value = inProgress().sign();
            giveBack();
            return value;
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] value) throws XMLSignatureException {
        try {
            boolean verified = inProgress().verify(value);
            giveBack();
            return verified;
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws XMLSignatureException {
        throw new XMLSignatureException("empty", new Object[] {algorithm + " signatures take no parameters"});
    }

    @Override
    protected void engineSetHMACOutputLength(int length) throws XMLSignatureException {
        throw new XMLSignatureException("algorithms.HMACOutputLengthOnlyForHMAC");
    }

    /** One of {@code Signature.initSign} or {@code initVerify}. */
    private interface Init {
        void on(Signature signature) throws InvalidKeyException;
    }

    /**
     * Inits this engine's signature (the thread's kept one, or a new one) with the operation's key; a kept one whose
     * provider refuses the key is replaced by a new one, which chooses its provider by this key.
     */
    private void init(Init init) throws XMLSignatureException {
        boolean kept = false;
        if (signature == null) {
            // a signature from a pinned provider is kept apart from the JCA's choice, so a pin set or changed while
            // the gateway runs is honoured from each thread's next signature on; an engine's own provider ignores it
            pinned = provider == null ? JCEMapper.getProviderId() : null;
            keptAs = pinned == null ? algorithm : algorithm + " from " + pinned;
            Signature taken = keep ? KEPT.get().remove(keptAs) : null;
            kept = taken != null;
            signature = kept ? taken : newSignature();
        }
        try {
            init.on(signature);
        } catch (InvalidKeyException refusedByKept) {
            if (!kept) {
                throw new XMLSignatureException(refusedByKept);
            }
            signature = newSignature();
            try {
                init.on(signature);
            } catch (InvalidKeyException e) {
                throw new XMLSignatureException(e);
            }
        }
    }

    private Signature inProgress() throws XMLSignatureException {
        if (signature == null) {
            throw new XMLSignatureException("empty", new Object[] {"the " + algorithm + " signature was not initialised"});
        }
        return signature;
    }

    /** The thread keeps the signature for its next engine of this algorithm; this engine needs an init again. */
    private void giveBack() {
        if (keep) {
            KEPT.get().put(keptAs, signature);
        }
        signature = null;
    }

    /** As Santuario's {@code SignatureBaseRSA.getSignature} chooses: this engine's provider, the pinned one, the JCA's. */
    private Signature newSignature() throws XMLSignatureException {
        try {
            if (provider != null) {
                return Signature.getInstance(algorithm, provider);
            }
            return pinned == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, pinned);
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException("algorithms.NoSuchAlgorithm", new Object[] {algorithm, e.getMessage()});
        }
    }

    private static XMLSignatureException wrongKey(Key key, Class<?> needed) {
        return new XMLSignatureException("algorithms.WrongKeyForThisOperation",
                new Object[] {key == null ? null : key.getClass().getName(), needed.getName()});
    }
}
