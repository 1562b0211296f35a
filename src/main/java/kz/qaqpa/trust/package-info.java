/**
 * The trust checks a message passes before anything is stored, and the gateway's own signatures: XML-DSig with
 * Santuario and WS-Security on the envelope ({@link kz.qaqpa.trust.EnvelopeVerifier}, {@link
 * kz.qaqpa.trust.EnvelopeSigner}), the person's signature inside {@code data} ({@link kz.qaqpa.trust.DocumentVerifier},
 * {@link kz.qaqpa.trust.DocumentSigner}), the signer's certificate against the national PKI ({@link
 * kz.qaqpa.trust.CertificateValidator}: chain, validity, key usage; {@link kz.qaqpa.trust.RevocationChecker}: OCSP then
 * CRL) and who a certificate names ({@link kz.qaqpa.trust.SubjectIdentity}). Uses no other package of the gateway's
 * but {@code xml}, {@code fault} and {@code http} (OCSP and CRL calls); the store keeps its revocation marks through
 * the interface {@link kz.qaqpa.trust.RevocationMarks}.
 */
package kz.qaqpa.trust;
