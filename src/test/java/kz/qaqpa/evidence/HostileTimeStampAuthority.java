package kz.qaqpa.evidence;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import kz.qaqpa.trust.KeyMaterial;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.MessageImprint;
import org.bouncycastle.asn1.tsp.TSTInfo;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.tsp.TimeStampRequest;

/**
 * A time-stamping authority that answers the gateway's requests as the test sets: broken, lying or hostile. Its
 * tokens are built field by field (Bouncy Castle's own generator refuses a certificate without the critical
 * timeStamping usage), signed with whatever key the test gives, so that each answer is wrong in one way only.
 */
final class HostileTimeStampAuthority implements AutoCloseable {
    /** How the authority answers one request. */
    interface Answer {
        void send(TimeStampRequest asked, HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private volatile Answer answer = (asked, exchange) -> status(exchange, 503);

    HostileTimeStampAuthority() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/tsa", exchange -> {
            try (exchange) {
                answer.send(new TimeStampRequest(exchange.getRequestBody().readNBytes(4096)), exchange);
            } catch (Exception e) {
                // the gateway gave up on the answer (the trickle, the endless body): nothing more to do
            }
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/tsa";
    }

    void answer(Answer next) {
        answer = next;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    static void status(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    static void reply(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** A reply of {@code status} alone, without a token. */
    static byte[] statusOnly(int status) throws IOException {
        return new TimeStampResp(new PKIStatusInfo(PKIStatus.getInstance(new ASN1Integer(status))), null).getEncoded();
    }

    /** A granted reply whose token stamps {@code imprint} with {@code nonce} at {@code genTime}, signed by {@code key}. */
    static byte[] granted(KeyMaterial key, String signatureAlgorithm, byte[] imprint, BigInteger nonce, Instant genTime)
            throws Exception {
        TSTInfo info = new TSTInfo(new ASN1ObjectIdentifier("1.2.3.4.3161"),
                new MessageImprint(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), imprint),
                new ASN1Integer(System.nanoTime()), new ASN1GeneralizedTime(Date.from(genTime)), null, null,
                nonce == null ? null : new ASN1Integer(nonce), null, null);
        byte[] certificateHash = MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded());
        org.bouncycastle.asn1.ASN1EncodableVector attributes = new org.bouncycastle.asn1.ASN1EncodableVector();
        attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2(certificateHash)))));
        attributes.add(new Attribute(org.bouncycastle.asn1.cms.CMSAttributes.signingTime,
                new DERSet(new org.bouncycastle.asn1.cms.Time(Date.from(genTime))))); // as the token's time
        AttributeTable signed = new AttributeTable(attributes);
        CMSSignedDataGenerator cms = new CMSSignedDataGenerator();
        cms.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setSignedAttributeGenerator(signed)
                .build(signatureAlgorithm, key.privateKey(), key.certificate()));
        cms.addCertificates(new JcaCertStore(List.of(key.certificate())));
        byte[] token = cms.generate(new CMSProcessableByteArray(PKCSObjectIdentifiers.id_ct_TSTInfo,
                info.getEncoded(ASN1Encoding.DER)), true).getEncoded();
        return new TimeStampResp(new PKIStatusInfo(PKIStatus.granted),
                org.bouncycastle.asn1.cms.ContentInfo.getInstance(token)).getEncoded();
    }

    /** {@code length} bytes announced, then one every {@code pauseMillis} until the gateway gives up. */
    static void trickle(HttpExchange exchange, int length, long pauseMillis) throws Exception {
        exchange.sendResponseHeaders(200, length);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < length; i++) {
            out.write(0x30);
            out.flush();
            Thread.sleep(pauseMillis);
        }
    }

    /** A chunked body of {@code megabytes} MB, sent as fast as the gateway reads it. */
    static void endless(HttpExchange exchange, int megabytes) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < megabytes; i++) {
            exchange.getResponseBody().write(chunk);
        }
    }
}
