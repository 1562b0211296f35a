package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The common names of test НУЦ CAs (qaqpa.trust.test-issuers: the embedded test PKI's and НУЦ РК's own test
 * roots): a gateway running without the test PKI refuses to start on a key or a trust anchor they issued, so
 * a demo key or the demo's trust never reaches production by mistake.
 */
public record TestIssuers(Set<String> commonNames) {

    /** Fails naming the configuration key when a certificate is, or was issued by, a test CA. */
    public void refuse(String configKey, Collection<X509Certificate> certificates) {
        for (X509Certificate c : certificates) {
            if (isTest(c.getSubjectX500Principal()) || isTest(c.getIssuerX500Principal())) {
                throw new IllegalStateException(configKey + " holds a certificate of a test PKI (" + c.getSubjectX500Principal()
                        + ", issued by " + c.getIssuerX500Principal() + ") while qaqpa.test-pki.enabled=false: "
                        + "production needs a key and trust roots of the real НУЦ РК (see qaqpa.trust.test-issuers)");
            }
        }
    }

    private boolean isTest(X500Principal principal) {
        for (RDN rdn : X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN)) {
            if (commonNames.contains(IETFUtils.valueToString(rdn.getFirst().getValue()))) {
                return true;
            }
        }
        return false;
    }
}
