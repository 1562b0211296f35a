package kz.qaqpa.trust;

import java.security.cert.X509Certificate;

/**
 * The issuer's key as the revocation checking names it in memory (trust28): the SHA-256 of the issuer certificate's
 * SubjectPublicKeyInfo (its DER, {@code getPublicKey().getEncoded()}), as hex. Ours, not OCSP's CertID form (RFC 6960
 * 4.1.1: issuerKeyHash is a hash of the subjectPublicKey BIT STRING's value alone): the whole SubjectPublicKeyInfo also
 * covers the key's algorithm and parameters (a GOST key's parameter set), and this id is never sent or compared with a
 * CertID (OcspClient builds its CertID with BouncyCastle). Two certificates of one key have one id, whatever their
 * names: where the name matters too, it is part of the key beside this id.
 *
 * <p>Not used for the store's keys of CRL scopes (CrlClient's {@code storedKeyForm}): those are digests of text that
 * holds the key's whole encoding as hex since V25; changing it would leave every mark kept before an upgrade unfound.
 */
final class IssuerKeyId {
    private IssuerKeyId() {
    }

    static String of(X509Certificate issuer) {
        return Sha256.hex(issuer.getPublicKey().getEncoded());
    }
}
