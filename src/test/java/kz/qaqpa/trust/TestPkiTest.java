package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.security.cert.X509CRL;
import java.time.Clock;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import org.junit.jupiter.api.Test;

class TestPkiTest {

    @Test
    void reopeningTheDirectoryGivesTheSameCertificates() {
        TestPki first = SharedTestPki.pki();
        TestPki reopened = TestPki.openOrCreate(first.dir(), SharedTestPki.PASSWORD, first.publicBaseUrl(), Clock.systemUTC());

        assertThat(reopened.root()).isEqualTo(first.root());
        assertThat(reopened.issuing()).isEqualTo(first.issuing());
        assertThat(reopened.key("citizen-aigerim").certificate()).isEqualTo(first.key("citizen-aigerim").certificate());
        var revoked = first.key("citizen-revoked").certificate().getSerialNumber();
        assertThat(reopened.revocationTime(revoked)).isEqualTo(first.revocationTime(revoked));
    }

    @Test
    void writesTheDocumentedFiles() {
        TestPki pki = SharedTestPki.pki();
        for (String file : new String[] {"root-ca.crt", "issuing-ca.crt", "issuing.crl", "root.crl", "gateway.p12", "untrusted.p12"}) {
            assertThat(Files.exists(pki.dir().resolve(file))).as(file).isTrue();
        }
        assertThat(pki.aliases()).contains("gateway", "citizen-aigerim", "citizen-authonly", "employee-revoked", "untrusted");
    }

    @Test
    void subjectsLookLikeНуцCertificates() {
        TestPki pki = SharedTestPki.pki();
        assertThat(pki.root().getSubjectX500Principal().getName()).contains(pki.defaultAlgorithm().rootName());
        assertThat(org.bouncycastle.asn1.x500.X500Name.getInstance(
                pki.key("operator-con").certificate().getSubjectX500Principal().getEncoded()).toString())
                .contains("CN=TULEUOV NURZHAN", "SERIALNUMBER=IIN900712302302", "OU=BIN081240003305", "C=KZ");
        assertThat(pki.key("citizen-aigerim").chain()).containsExactly(
                pki.key("citizen-aigerim").certificate(), pki.issuing(), pki.root());
        assertThat(pki.isRevoked(pki.key("citizen-revoked").certificate().getSerialNumber())).isTrue();
        assertThat(pki.crl().getRevokedCertificates()).hasSize(2);
    }

    /**
     * carev26: as НУЦ РК's issuing CAs name the root's CRL, the test issuing CA's CRL Distribution Points name the
     * root's list, which the root signs and which lists no CA while none is revoked.
     */
    @Test
    void theIssuingCaNamesTheRootsCrl() throws Exception {
        TestPki pki = SharedTestPki.pki();
        for (KeyAlgorithm family : KeyAlgorithm.values()) {
            assertThat(CertificateUrls.crl(pki.issuing(family))).as(family.name())
                    .containsExactly(java.net.URI.create(pki.publicBaseUrl() + "/crl/root" + family.fileSuffix() + ".crl"));
            X509CRL rootCrl = pki.rootCrl(family);
            rootCrl.verify(pki.root(family).getPublicKey());
            assertThat(rootCrl.getIssuerX500Principal()).isEqualTo(pki.root(family).getSubjectX500Principal());
            assertThat(rootCrl.getRevokedCertificates()).as(family.name()).isNull();
        }
    }

    /**
     * As the НУЦ issues them: an individual's certificate names 1.2.398.3.3.4.1.1 (an authentication one clientAuth
     * too), an organisation's 1.2.398.3.3.4.1.2, its employee's also .5 and its head's .1.
     */
    @Test
    void certificatesNameWhomTheyWereIssuedToInTheirExtendedKeyUsages() throws Exception {
        TestPki pki = SharedTestPki.pki();
        assertThat(pki.key("citizen-aigerim").certificate().getExtendedKeyUsage()).containsExactly("1.2.398.3.3.4.1.1");
        assertThat(pki.key("citizen-authonly").certificate().getExtendedKeyUsage())
                .containsExactly("1.2.398.3.3.4.1.1", "1.3.6.1.5.5.7.3.2");
        assertThat(pki.key("portal").certificate().getExtendedKeyUsage()).containsExactly("1.2.398.3.3.4.1.2");
        assertThat(pki.key("employee-zhao").certificate().getExtendedKeyUsage())
                .containsExactly("1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.5");
        assertThat(pki.key("operator-con").certificate().getExtendedKeyUsage())
                .containsExactly("1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.5");
        assertThat(pki.key("employee-almaty-head").certificate().getExtendedKeyUsage())
                .containsExactly("1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.1");
        assertThat(pki.issueNotYetValid("employee-zhao").certificate().getExtendedKeyUsage())
                .containsExactly("1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.5");
    }
}
