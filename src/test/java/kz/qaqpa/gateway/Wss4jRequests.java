package kz.qaqpa.gateway;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import kz.qaqpa.trust.KeyMaterial;
import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.w3c.dom.Document;

/**
 * Envelopes signed by Apache WSS4J's own DOM API (the engine of CXF's WS-Security), not by Qaqpa's signer: the
 * wsse:Security header, the wsu:Timestamp, the BinarySecurityToken and the signature exactly as WSS4J writes them.
 * By default what CXF sends for the actions "Timestamp Signature" with signatureParts Timestamp and Body and
 * signatureKeyIdentifier DirectReference; each setter changes one thing, for a test of one refusal.
 */
final class Wss4jRequests {
    static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    static final String ALIAS = "signer";
    static final String PASSWORD = "test-only";

    static {
        WSSConfig.init();
    }

    private final KeyMaterial key;
    private int keyIdentifier = WSConstants.BST_DIRECT_REFERENCE;
    private String signatureAlgorithm = WSConstants.RSA_SHA256;
    private String digestAlgorithm = WSConstants.SHA256;
    private boolean signTimestamp = true;
    private javax.xml.namespace.QName alsoSigned;
    private Instant timestampCreated;
    private boolean signBody = true;
    private boolean singleCertificate = true;

    Wss4jRequests(KeyMaterial key) {
        this.key = key;
    }

    /** WSConstants.ISSUER_SERIAL, THUMBPRINT_IDENTIFIER, X509_KEY_IDENTIFIER, ... */
    Wss4jRequests keyIdentifier(int type) {
        this.keyIdentifier = type;
        return this;
    }

    /** The BinarySecurityToken holds the signer's chain as a PkiPath (WSS4J's useSingleCertificate=false). */
    Wss4jRequests chainToken() {
        this.singleCertificate = false;
        return this;
    }

    Wss4jRequests algorithms(String signature, String digest) {
        this.signatureAlgorithm = signature;
        this.digestAlgorithm = digest;
        return this;
    }

    private int timestampTimeToLive = 300;

    Wss4jRequests unsignedTimestamp() {
        this.signTimestamp = false;
        return this;
    }

    /** One more element is signed (e.g. a WS-Addressing header, as WSS4J and WCF sign them when configured to). */
    Wss4jRequests alsoSigning(javax.xml.namespace.QName element) {
        this.alsoSigned = element;
        return this;
    }

    /** The signature covers the Timestamp and not the Body. */
    Wss4jRequests timestampSignedInsteadOfTheBody() {
        this.signBody = false;
        return this;
    }

    /** The Timestamp's Expires this many seconds after its Created (300 unless set; WSS4J takes a negative one too). */
    Wss4jRequests timestampLivingFor(int seconds) {
        this.timestampTimeToLive = seconds;
        return this;
    }

    /** The Timestamp as if made at {@code created} (WSS4J's time source); it expires five minutes later. */
    Wss4jRequests timestampCreatedAt(Instant created) {
        this.timestampCreated = created;
        return this;
    }

    /** Signs {@code envelope} in place (a SOAP 1.1 envelope, Body without an id) and returns it. */
    Document sign(Document envelope) {
        try {
            WSSecHeader header = new WSSecHeader(envelope);
            header.insertSecurityHeader();
            WSSecSignature signature = new WSSecSignature(header);
            signature.setUserInfo(ALIAS, PASSWORD);
            signature.setKeyIdentifierType(keyIdentifier);
            signature.setUseSingleCertificate(singleCertificate);
            signature.setSignatureAlgorithm(signatureAlgorithm);
            signature.setDigestAlgo(digestAlgorithm);
            signature.setSigCanonicalization(WSConstants.C14N_EXCL_OMIT_COMMENTS);
            WSSecTimestamp ts = new WSSecTimestamp(header);
            ts.setTimeToLive(timestampTimeToLive);
            if (timestampCreated != null) {
                ts.setWsTimeSource(() -> timestampCreated);
            }
            ts.build();
            if (signTimestamp) {
                signature.getParts().add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, ""));
            }
            if (signBody) {
                signature.getParts().add(new WSEncryptionPart(WSConstants.ELEM_BODY, WSConstants.URI_SOAP11_ENV, ""));
            }
            if (alsoSigned != null) {
                signature.getParts().add(new WSEncryptionPart(alsoSigned.getLocalPart(), alsoSigned.getNamespaceURI(), ""));
            }
            return signature.build(keyCrypto(key));
        } catch (WSSecurityException e) {
            throw new IllegalStateException("WSS4J could not sign the envelope", e);
        }
    }

    /** An in-memory Merlin crypto holding the signer's key and chain (alias {@value #ALIAS}), as a client's keystore. */
    static Merlin keyCrypto(KeyMaterial key) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key.privateKey(), PASSWORD.toCharArray(), key.chain().toArray(new X509Certificate[0]));
            Merlin merlin = new Merlin();
            merlin.setKeyStore(store);
            return merlin;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An in-memory Merlin crypto trusting these CA certificates, as a client's truststore. */
    static Merlin trustCrypto(X509Certificate... trusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                store.setCertificateEntry("ca-" + i, trusted[i]);
            }
            Merlin merlin = new Merlin();
            merlin.setTrustStore(store);
            return merlin;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
