package kz.qaqpa.trust;

/**
 * What a certificate is being accepted for; decides the key usage, and the extended key usages, that
 * {@link CertificateValidator} demands.
 */
public enum Purpose {
    /** Transport (WS-Security) signature: digitalSignature or nonRepudiation. */
    SIGN,
    /**
     * Business-data signature, legally binding: nonRepudiation. Citizens' AUTH certificates
     * (digitalSignature + keyEncipherment) are thereby refused.
     */
    DOCUMENT,
    /**
     * A time-stamping authority's token (the message log's and the archive seals' stamps): digitalSignature or
     * nonRepudiation, as {@link #SIGN}; its extended key usage is the authority's own, id-kp-timeStamping, which
     * Bouncy Castle's token check requires (critical, RFC 3161 2.3) and which {@link #SIGN} and {@link #DOCUMENT}
     * refuse.
     */
    TIME_STAMPS
}
