package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Wording of certificates in fault messages and reading of subject attributes. */
final class Certificates {
    private Certificates() {
    }

    /** "CN=NURLANOVA AIGERIM" (or the whole DN when there is no CN), for messages an integrator can act on. */
    static String describe(X509Certificate certificate) {
        String cn = attribute(certificate, BCStyle.CN);
        return cn != null ? "CN=" + cn : certificate.getSubjectX500Principal().getName();
    }

    static String describeIssuer(X509Certificate certificate) {
        X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
        String cn = first(issuer, BCStyle.CN);
        return cn != null ? "CN=" + cn : certificate.getIssuerX500Principal().getName();
    }

    static String attribute(X509Certificate certificate, ASN1ObjectIdentifier type) {
        return first(subject(certificate), type);
    }

    static X500Name subject(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /**
     * The values of {@code type}'s attributes, in the name's order. attack69: within a multi-valued RDN, the attribute
     * of that type (before, the RDN's first, whatever its type: an ИИН beside C=KZ read as "KZ").
     */
    static List<String> attributes(X500Name name, ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(type)) {
                    values.add(text(attribute));
                }
            }
        }
        return values;
    }

    static String format(Date date) {
        return format(date.toInstant());
    }

    static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String first(X500Name name, ASN1ObjectIdentifier type) {
        List<String> values = attributes(name, type);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The plain string value; IETFUtils would add RFC 4514 escaping (backslashes before quotes and commas), which is wrong for IINs and names. */
    private static String text(AttributeTypeAndValue attribute) {
        return attribute.getValue() instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(attribute.getValue());
    }
}
