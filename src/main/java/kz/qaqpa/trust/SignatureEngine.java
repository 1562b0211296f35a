package kz.qaqpa.trust;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the JCA engine that makes and checks every RSA signature of the gateway ({@code qaqpa.crypto.provider}).
 *
 * <p>{@code auto}: Amazon Corretto Crypto Provider (AWS-LC, native code shipped in its jar for linux-x86_64), about
 * four times faster than the JDK's RSA signing, installed first so Santuario's {@code Signature.getInstance} calls
 * reach it; where its native library does not load (another OS or CPU) the JDK's default providers stay.
 * {@code jdk}: the JDK's providers only. Either way the same algorithms and checks run: only the engine differs.
 */
public final class SignatureEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureEngine.class);
    public static final String AUTO = "auto";
    public static final String JDK = "jdk";

    private SignatureEngine() {
    }

    /** Applies the setting once per JVM (providers are JVM-wide); returns the name of the engine in use. */
    public static synchronized String configure(String setting) {
        if (JDK.equals(setting)) {
            return current();
        }
        if (!AUTO.equals(setting)) {
            throw new IllegalArgumentException("qaqpa.crypto.provider must be " + AUTO + " or " + JDK + ", not '" + setting + "'");
        }
        Provider accp = corretto();
        if (accp == null) {
            LOG.info("signature engine: Amazon Corretto Crypto Provider is not available here; using {}", current());
            return current();
        }
        if (Security.getProvider(accp.getName()) == null) {
            AmazonCorrettoCryptoProvider.install();
            LOG.info("signature engine: {} {} installed first", accp.getName(), accp.getVersionStr());
        }
        return current();
    }

    /** The provider that {@code Signature.getInstance("SHA256withRSA")} picks now. */
    public static String current() {
        try {
            return Signature.getInstance("SHA256withRSA").getProvider().getName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA256withRSA engine", e);
        }
    }

    /** The native provider when it loaded and passed its self-tests on this machine, else null. */
    public static Provider corretto() {
        try {
            AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
            if (provider.getLoadingError() != null) {
                LOG.debug("Amazon Corretto Crypto Provider did not load", provider.getLoadingError());
                return null;
            }
            provider.assertHealthy();
            return provider;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Amazon Corretto Crypto Provider is unusable", e);
            return null;
        }
    }
}
