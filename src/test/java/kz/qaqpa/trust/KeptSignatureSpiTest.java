package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.xml.SecureXml;
import org.apache.xml.security.algorithms.JCEMapper;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * perf67: Santuario's RSA and GOST engines take a {@link Signature} kept on the thread, not a new one for each XML
 * signature made or checked; what they sign and accept is unchanged, and two signatures in progress on one thread
 * do not share one.
 */
class KeptSignatureSpiTest {
    private static final int ENVELOPES = 20;
    private static final byte[] ONE = "one signed info".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "another signed info".getBytes(StandardCharsets.UTF_8);
    /**
     * A provider an operator might pin in Santuario over the faster one installed first: BouncyCastle (installed for
     * GOST), which has the digests too (Santuario asks the pinned provider for its digests as well).
     */
    private static final String PINNED = org.bouncycastle.jce.provider.BouncyCastleProvider.PROVIDER_NAME;
    private static final String COUNTING = "Perf67Counting";

    /**
     * A provider put first for SHA256withRSA that counts the engines the JCA makes of it, each SunRsaSign's own: every
     * {@code Signature.getInstance} whose provider is chosen makes one at its first init.
     */
    private static final class CountingProvider extends Provider {
        final AtomicInteger made = new AtomicInteger();

        CountingProvider() {
            super(COUNTING, "1", "counts the SHA256withRSA engines made of it");
            Provider.Service jdk = Security.getProvider("SunRsaSign").getService("Signature", "SHA256withRSA");
            putService(new Provider.Service(this, "Signature", "SHA256withRSA", jdk.getClassName(), null, null) {
                @Override
                public Object newInstance(Object parameter) throws java.security.NoSuchAlgorithmException {
                    made.incrementAndGet();
                    return jdk.newInstance(parameter);
                }
            });
        }
    }

    /**
     * Runs {@code work} on a thread of its own (nothing kept on it before) with a {@link CountingProvider} first;
     * returns the SHA256withRSA engines made of it meanwhile.
     */
    private static int rsaEnginesMadeOnANewThread(String thread, Runnable work) throws Exception {
        CountingProvider counting = new CountingProvider();
        Security.insertProviderAt(counting, 1);
        try {
            CompletableFuture.runAsync(work, runnable -> new Thread(runnable, thread).start()).get();
        } finally {
            Security.removeProvider(counting.getName());
        }
        return counting.made.get();
    }

    @Test
    void aThreadSigningAndCheckingEnvelopesMakesOneRsaSignatureNotOneEach() throws Exception {
        KeyMaterial portal = SharedTestPki.pki().key("portal", KeyAlgorithm.RSA);
        Santuario.init();
        int made = rsaEnginesMadeOnANewThread("kept-signature-test", () -> {
            for (int i = 0; i < ENVELOPES; i++) {
                byte[] wire = SecureXml.serialize(EnvelopeSigner.sign(lookup(), portal));
                assertThat(EnvelopeVerifier.verify(SecureXml.parse(wire))).isEqualTo(portal.certificate());
            }
        });
        assertThat(made).as("SHA256withRSA engines made for %d signatures and %d checks", ENVELOPES,
                ENVELOPES).isEqualTo(1);
    }

    /**
     * engines68 (review67b P1): a provider pinned in Santuario ({@code JCEMapper.setProviderId}, or for one thread
     * {@code setThreadSpecificProviderName}: both are {@code getProviderId}) makes the kept RSA signatures, as it makes
     * Santuario's own ({@code SignatureBaseRSA}); the thread's signature kept from before the pin is not used under it,
     * and is used again once the pin is lifted.
     */
    @Test
    void aProviderPinnedInSantuarioMakesTheKeptRsaSignatures() throws Exception {
        KeyMaterial portal = SharedTestPki.pki().key("portal", KeyAlgorithm.RSA);
        Santuario.init();
        // pinned on that thread alone
        int made = rsaEnginesMadeOnANewThread("pinned-provider-test", () -> {
            signAndCheck(portal);
            assertThat(providerOfASignature(portal)).as("unpinned: the JCA's first").isEqualTo(COUNTING);
            JCEMapper.setThreadSpecificProviderName(PINNED);
            try {
                for (int i = 0; i < ENVELOPES; i++) {
                    signAndCheck(portal);
                }
                assertThat(providerOfASignature(portal)).as("pinned").isEqualTo(PINNED);
            } finally {
                JCEMapper.setThreadSpecificProviderName(null);
            }
            signAndCheck(portal);
            assertThat(providerOfASignature(portal)).as("the pin lifted").isEqualTo(COUNTING);
        });
        assertThat(made).as("SHA256withRSA engines of the JCA's first provider: the one kept before the pin")
                .isEqualTo(1);
    }

    @Test
    void twoSignaturesInProgressOnOneThreadEachSignTheirOwnBytes() throws Exception {
        for (KeyAlgorithm family : KeyAlgorithm.values()) {
            KeyMaterial key = SharedTestPki.pki().key("portal", family);
            Santuario.init();
            Document doc = SecureXml.newDocument();
            SignatureAlgorithm one = new SignatureAlgorithm(doc, key.algorithm().signatureUri());
            SignatureAlgorithm other = new SignatureAlgorithm(doc, key.algorithm().signatureUri());
            one.initSign(key.privateKey());
            other.initSign(key.privateKey());
            one.update(ONE);
            other.update(OTHER);
            byte[] oneValue = one.sign();
            byte[] otherValue = other.sign();
            assertThat(verifies(key, ONE, oneValue)).as(family + ": the first signs its own bytes").isTrue();
            assertThat(verifies(key, OTHER, otherValue)).as(family + ": the second signs its own").isTrue();
            assertThat(verifies(key, OTHER, oneValue)).as(family + ": not the other's").isFalse();
        }
    }

    /**
     * An engine left unfinished (a check that stopped before its value was compared, as a broken base64 does) keeps
     * its signature: the thread's next engines sign with one of their own, kept among them. review68 4: the case
     * passed under one signature shared by all of a thread's engines (each init resets it), so it now counts the
     * engines made: 2 (the abandoned one's and the one kept after it), where sharing makes 1.
     */
    /**
     * An engine left unfinished (a check that stopped before its value was compared, as a broken base64 does) keeps
     * its signature: the thread's next engines sign with one of their own, kept among them. review68 4: the case
     * passed under one signature shared by all of a thread's engines (each init resets it), so it now counts the
     * engines made: 2 (the abandoned one's and the one kept after it), where sharing makes 1.
     */
    @Test
    void aSignatureLeftUnfinishedKeepsItsOwnAndSpoilsNoneOfTheThreadsNext() throws Exception {
        Santuario.init();
        List<KeyMaterial> keys = Stream.of(KeyAlgorithm.values()).map(family -> SharedTestPki.pki().key("portal",
                family)).toList(); // issued before the counting starts
        java.util.Map<KeyMaterial, List<byte[]>> values = new java.util.LinkedHashMap<>();
        int made = rsaEnginesMadeOnANewThread("abandoned-signature-test",
                () -> keys.forEach(key -> values.put(key, signAfterAnAbandonedCheck(key))));
        assertThat(made).as("SHA256withRSA engines: the abandoned check's and the one its next share")
                .isEqualTo(2);
        for (var signed : values.entrySet()) {
            for (byte[] value : signed.getValue()) {
                assertThat(verifies(signed.getKey(), ONE, value)).as(signed.getKey().algorithm() + ": its own bytes")
                        .isTrue();
            }
        }
    }

    /** The values of three signatures of {@link #ONE} made after a check left unfinished, on this thread. */
    private static List<byte[]> signAfterAnAbandonedCheck(KeyMaterial key) {
        try {
            Document doc = SecureXml.newDocument();
            SignatureAlgorithm abandoned = new SignatureAlgorithm(doc, key.algorithm().signatureUri());
            abandoned.initVerify(key.certificate().getPublicKey());
            abandoned.update(OTHER);
            List<byte[]> values = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SignatureAlgorithm next = new SignatureAlgorithm(doc, key.algorithm().signatureUri());
                next.initSign(key.privateKey());
                next.update(ONE);
                values.add(next.sign());
            }
            SignatureAlgorithm check = new SignatureAlgorithm(doc, key.algorithm().signatureUri());
            check.initVerify(key.certificate().getPublicKey());
            check.update(OTHER);
            assertThat(check.verify(values.get(0))).as(key.algorithm() + ": another bytes' value does not verify")
                    .isFalse();
            return values;
        } catch (org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aKeyOfAnotherFamilyIsStillRefused() {
        KeyMaterial rsa = SharedTestPki.pki().key("portal", KeyAlgorithm.RSA);
        KeyMaterial gost = SharedTestPki.pki().key("portal", KeyAlgorithm.GOST);
        Santuario.init();
        Document doc = SecureXml.newDocument();
        assertThatThrownBy(() -> new SignatureAlgorithm(doc, rsa.algorithm().signatureUri()).initSign(gost.privateKey()))
                .isInstanceOf(org.apache.xml.security.signature.XMLSignatureException.class);
        assertThatThrownBy(() -> new SignatureAlgorithm(doc, gost.algorithm().signatureUri())
                .initVerify(rsa.certificate().getPublicKey()))
                .isInstanceOf(org.apache.xml.security.signature.XMLSignatureException.class)
                .hasMessageContaining("cannot make or check");
        // and the thread's RSA signature still works after the refusal
        Document envelope = EnvelopeSigner.sign(lookup(), rsa);
        assertThat(EnvelopeVerifier.verify(SecureXml.parse(SecureXml.serialize(envelope)))).isEqualTo(rsa.certificate());
        byte[] tampered = new String(SecureXml.serialize(envelope), StandardCharsets.UTF_8)
                .replace("850315401201", "850315401202").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EnvelopeVerifier.verify(SecureXml.parse(tampered)))
                .isInstanceOfSatisfying(ShepException.class,
                        e -> assertThat(e.code()).isEqualTo(FaultCode.TRANSPORT_SIGNATURE_INVALID));
    }

    private static void signAndCheck(KeyMaterial key) {
        byte[] wire = SecureXml.serialize(EnvelopeSigner.sign(lookup(), key));
        assertThat(EnvelopeVerifier.verify(SecureXml.parse(wire))).isEqualTo(key.certificate());
    }

    /** The provider of a signature in progress on this thread under the key's URI. */
    private static String providerOfASignature(KeyMaterial key) {
        try {
            SignatureAlgorithm engine = new SignatureAlgorithm(SecureXml.newDocument(), key.algorithm().signatureUri());
            engine.initSign(key.privateKey());
            String provider = engine.getJCEProviderName();
            engine.update(ONE);
            engine.sign();
            return provider;
        } catch (org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document lookup() {
        PersonRequest query = new PersonRequest();
        query.setIin("850315401201");
        return SoapEnvelopes.wrap(query);
    }

    private static boolean verifies(KeyMaterial key, byte[] data, byte[] value) throws Exception {
        Signature check = Signature.getInstance(key.algorithm().jcaSignature());
        check.initVerify(key.certificate());
        check.update(data);
        return check.verify(value);
    }
}
