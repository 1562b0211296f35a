package kz.qaqpa.trust;

import java.util.Map;
import org.apache.xml.security.algorithms.SignatureAlgorithmSpi;

/**
 * Santuario's registry of signature engines by URI, read the one way the gateway reads it ({@link RsaXmlDsig}), for
 * the bench that swaps Santuario's own engines in and out of it to compare them (bench.XmlSignatureCost); test code,
 * so production has no accessor kept for it.
 */
public final class SantuarioRegistry {
    private SantuarioRegistry() {
    }

    /** The live map: what is put in it is the engine of the next signature made or checked under that URI. */
    public static Map<String, Class<? extends SignatureAlgorithmSpi>> engines() {
        return RsaXmlDsig.registry();
    }
}
