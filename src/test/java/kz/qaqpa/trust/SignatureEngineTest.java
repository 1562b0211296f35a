package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The native engine where it loads, and signatures that are the same RSA whichever engine made or checks them. */
class SignatureEngineTest {
    private static final byte[] DATA = "signed info".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void autoPutsTheNativeEngineFirstWhereItLoads() {
        String engine = SignatureEngine.configure(SignatureEngine.AUTO);
        Provider corretto = SignatureEngine.corretto();
        boolean linuxX64 = "Linux".equals(System.getProperty("os.name"))
                && java.util.Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        if (linuxX64) {
            assertThat(corretto).as("the native engine loads on linux-x86_64").isNotNull();
        }
        assertThat(engine).isEqualTo(corretto != null ? corretto.getName() : "SunRsaSign");
        assertThat(SignatureEngine.current()).isEqualTo(engine);
    }

    @Test
    void eitherEngineChecksTheOthersSignatures() throws Exception {
        Provider corretto = SignatureEngine.corretto();
        Provider jdk = Security.getProvider("SunRsaSign");
        KeyMaterial key = SharedTestPki.pki().key("gateway", KeyAlgorithm.RSA); // the engines differ for RSA only
        for (Provider signer : corretto == null ? new Provider[] {jdk} : new Provider[] {jdk, corretto}) {
            byte[] value = sign(signer, key);
            for (Provider verifier : corretto == null ? new Provider[] {jdk} : new Provider[] {jdk, corretto}) {
                Signature v = Signature.getInstance("SHA256withRSA", verifier);
                v.initVerify(key.certificate());
                v.update(DATA);
                assertThat(v.verify(value)).as(signer.getName() + " -> " + verifier.getName()).isTrue();
                v.initVerify(key.certificate());
                v.update("other".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(v.verify(value)).as("changed data, " + verifier.getName()).isFalse();
            }
        }
    }

    @Test
    void anEnvelopeSignedWithTheConfiguredEngineVerifiesAndATamperedOneDoesNot() {
        SignatureEngine.configure(SignatureEngine.AUTO);
        PersonRequest query = new PersonRequest();
        query.setIin("850315401201");
        Document envelope = EnvelopeSigner.sign(SoapEnvelopes.wrap(query), SharedTestPki.key("portal"));
        byte[] wire = SecureXml.serialize(envelope);
        assertThat(EnvelopeVerifier.verify(SecureXml.parse(wire))).isEqualTo(SharedTestPki.key("portal").certificate());
        byte[] tampered = new String(wire, java.nio.charset.StandardCharsets.UTF_8).replace("850315401201", "850315401202")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EnvelopeVerifier.verify(SecureXml.parse(tampered)))
                .isInstanceOfSatisfying(kz.qaqpa.fault.ShepException.class,
                        e -> assertThat(e.code()).isEqualTo(kz.qaqpa.fault.FaultCode.TRANSPORT_SIGNATURE_INVALID));
    }

    @Test
    void anUnknownSettingIsRefused() {
        assertThatThrownBy(() -> SignatureEngine.configure("fastest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qaqpa.crypto.provider");
    }

    private static byte[] sign(Provider provider, KeyMaterial key) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA", provider);
        s.initSign(key.privateKey());
        s.update(DATA);
        return s.sign();
    }
}
