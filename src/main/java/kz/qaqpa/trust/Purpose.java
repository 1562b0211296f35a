package kz.qaqpa.trust;

/** What a certificate is being accepted for; decides the key usage that {@link CertificateValidator} demands. */
public enum Purpose {
    /** Transport (WS-Security) signature: digitalSignature or nonRepudiation. */
    SIGN,
    /**
     * Business-data signature, legally binding: nonRepudiation. Citizens' AUTH certificates
     * (digitalSignature + keyEncipherment) are thereby refused.
     */
    DOCUMENT
}
