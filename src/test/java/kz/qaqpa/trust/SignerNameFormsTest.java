package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * interop47: the texts toolkits write a НУЦ РК name in (CN, SERIALNUMBER=IIN…, OU=BIN…, O, C=KZ), generated from the
 * certificate: OpenSSL's is compared with what {@code openssl x509 -subject -nameopt RFC2253} itself prints (the
 * form xmlsec1 writes), for the test PKI's names and a name with the characters each toolkit escapes or quotes.
 */
public class SignerNameFormsTest {
    /** An organisation's name in Cyrillic with quotes, a comma, a plus, a '#' first and a space last. */
    private static final String AWKWARD = "#АО \"ТЕСТ\", a+b=c ";

    @TempDir
    Path files;

    @Test
    void openSslsFormIsWhatOpensslPrints() throws Exception {
        assumeTrue(kz.qaqpa.ExternalTools.runs("openssl", "version"), "openssl is not installed");
        for (X500Principal name : new X500Principal[] {
                SharedTestPki.key("operator-con").certificate().getSubjectX500Principal(),
                SharedTestPki.key("citizen-aigerim").certificate().getSubjectX500Principal(),
                SharedTestPki.key("citizen-aigerim").certificate().getIssuerX500Principal(), awkward()}) {
            assertThat(SignerNameForms.openSsl(name)).as(name.getName()).contains(openSslSubject(name, files));
        }
    }

    @Test
    void theTestPkisNamesAsEachToolkitWritesThem() {
        X500Principal name = SharedTestPki.key("operator-con").certificate().getSubjectX500Principal();
        String organisation = "TEST ORGANISATION BIN081240003305";
        assertThat(SignerNameForms.of(name)).contains(
                "CN=TULEUOV NURZHAN,serialNumber=IIN900712302302,OU=BIN081240003305,O=" + organisation + ",C=KZ",
                "CN=TULEUOV NURZHAN, SERIALNUMBER=IIN900712302302, OU=BIN081240003305, O=" + organisation + ", C=KZ",
                "C=KZ,O=" + organisation + ",OU=BIN081240003305,SERIALNUMBER=IIN900712302302,CN=TULEUOV NURZHAN",
                "cn=TULEUOV NURZHAN,serialNumber=IIN900712302302,ou=BIN081240003305,o=" + organisation + ",c=KZ",
                "CN=TULEUOV NURZHAN, OID.2.5.4.5=IIN900712302302, OU=BIN081240003305, O=" + organisation + ", C=KZ");
        assertThat(SignerNameForms.of(name)).doesNotContain(
                "CN=TULEUOV NURZHAN,SERIALNUMBER=IIN900712302302,OU=BIN081240003305,O=" + organisation + ",C=KZ",
                "CN=TULEUOV NURZHAN, serialNumber=IIN900712302302, OU=BIN081240003305, O=" + organisation + ", C=KZ");
    }

    /** .NET quotes a value holding a special or whitespace at an end, doubling its quotes (X500NameEncoder). */
    @Test
    void dotNetQuotesAsCryptoApiQuotes() {
        assertThat(SignerNameForms.dotNet(awkward())).contains(
                "CN=TULEUOV NURZHAN, SERIALNUMBER=IIN900712302302, O=\"#АО \"\"ТЕСТ\"\", a+b=c \", C=KZ");
    }

    /** A multi-valued RDN: OpenSSL's and .NET's forms are not generated (refused as before), the JDK's still are. */
    @Test
    void aMultiValuedNameHasNoOpenSslOrDotNetForm() {
        X500Principal name = new X500Principal("CN=TULEUOV NURZHAN+SERIALNUMBER=IIN900712302302,C=KZ");
        assertThat(SignerNameForms.openSsl(name)).isEmpty();
        assertThat(SignerNameForms.dotNet(name)).isEmpty();
        assertThat(SignerNameForms.of(name)).contains(name.getName());
    }

    private static X500Principal awkward() {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "KZ")
                .addRDN(BCStyle.O, new org.bouncycastle.asn1.DERUTF8String(AWKWARD)).addRDN(BCStyle.SERIALNUMBER, "IIN900712302302").addRDN(BCStyle.CN, "TULEUOV NURZHAN").build();
        try {
            return new X500Principal(name.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code openssl x509 -noout -subject -nameopt RFC2253} of a certificate named {@code name} (written into
     * {@code dir}), without "subject=".
     */
    public static String openSslSubject(X500Principal name, Path dir) throws Exception {
        var keys = MadeCertificates.keys();
        X509Certificate certificate = MadeCertificates.certificate(name, keys.getPublic(), name, keys.getPrivate(), false);
        Path pem = Files.writeString(dir.resolve(java.util.UUID.randomUUID() + ".pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Process openssl = new ProcessBuilder("openssl", "x509", "-in", pem.toString(), "-noout", "-subject", "-nameopt",
                "RFC2253").redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).startsWith("subject=");
        return output.substring("subject=".length()).stripTrailing();
    }
}
