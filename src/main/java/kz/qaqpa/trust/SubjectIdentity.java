package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Who a НУЦ certificate names. As NCANode reads it: SERIALNUMBER "IIN…" gives the IIN, OU "BIN…" (or a SERIALNUMBER
 * "BIN…") gives the organisation's BIN. Absent values are null.
 */
public record SubjectIdentity(String iin, String bin, String commonName) {
    /**
     * Identities already read: a message's signer is nearly always one of a few systems, and parsing the subject
     * again for every message and every answer was 2% of a sync look-up. Bounded: the least used give way.
     */
    private static final int MAX_KNOWN = 1_000;
    private static final Cache<X509Certificate, SubjectIdentity> KNOWN = Caffeine.newBuilder().maximumSize(MAX_KNOWN).build();

    /**
     * A system (information system) certificate names an organisation and no person: a БИН and no ИИН. A person's
     * certificate of an organisation's employee carries both and never authenticates a system.
     */
    public boolean isSystem() {
        return bin != null && iin == null;
    }

    public static SubjectIdentity of(X509Certificate certificate) {
        return KNOWN.get(certificate, SubjectIdentity::read);
    }

    private static SubjectIdentity read(X509Certificate certificate) {
        X500Name subject = Certificates.subject(certificate); // parsed once for the three attributes
        String iin = null;
        String bin = null;
        for (String serial : Certificates.attributes(subject, BCStyle.SERIALNUMBER)) {
            if (serial.startsWith("IIN")) {
                iin = serial.substring(3);
            } else if (serial.startsWith("BIN")) {
                bin = serial.substring(3);
            }
        }
        for (String unit : Certificates.attributes(subject, BCStyle.OU)) {
            if (unit.startsWith("BIN")) {
                bin = unit.substring(3);
            }
        }
        return new SubjectIdentity(iin, bin, Certificates.first(subject, BCStyle.CN));
    }
}
