package kz.qaqpa.trust;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** OCSP and CRL locations named in a certificate (AIA and CRL Distribution Points extensions). */
final class CertificateUrls {
    private CertificateUrls() {
    }

    static List<URI> ocsp(X509Certificate cert) {
        List<URI> uris = new ArrayList<>();
        byte[] value = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (value == null) {
            return uris;
        }
        AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(parse(value));
        for (AccessDescription description : aia.getAccessDescriptions()) {
            if (AccessDescription.id_ad_ocsp.equals(description.getAccessMethod())) {
                addUri(uris, description.getAccessLocation());
            }
        }
        return uris;
    }

    static List<URI> crl(X509Certificate cert) {
        List<URI> uris = new ArrayList<>();
        for (DistributionPointName name : crlPoints(cert)) {
            if (name.getType() == DistributionPointName.FULL_NAME) {
                for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                    addUri(uris, general);
                }
            }
        }
        return uris;
    }

    /** The names of the certificate's CRL distribution points (those that name one; none without the extension). */
    static List<DistributionPointName> crlPoints(X509Certificate cert) {
        List<DistributionPointName> names = new ArrayList<>();
        byte[] value = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (value == null) {
            return names;
        }
        for (DistributionPoint point : CRLDistPoint.getInstance(parse(value)).getDistributionPoints()) {
            if (point.getDistributionPoint() != null) {
                names.add(point.getDistributionPoint());
            }
        }
        return names;
    }

    private static void addUri(List<URI> uris, GeneralName name) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
            try {
                uris.add(URI.create(ASN1IA5String.getInstance(name.getName()).getString()));
            } catch (IllegalArgumentException ignored) {
                // a malformed URL in a certificate is simply not a usable source
            }
        }
    }

    private static ASN1Primitive parse(byte[] extensionValue) {
        try {
            return JcaX509ExtensionUtils.parseExtensionValue(extensionValue);
        } catch (IOException e) {
            throw new IllegalArgumentException("certificate extension cannot be decoded", e);
        }
    }
}
