package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;

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
 * interop48: Python's {@code cryptography} ({@code Name.rfc4514_string()}) likewise, with what python3 itself writes.
 * Each toolkit's texts are also written out here, so they are checked where the toolkit is not installed; the
 * comparisons with the toolkits themselves skip there, or fail with {@value kz.qaqpa.ExternalTools#REQUIRED}=true.
 */
public class SignerNameFormsTest {
    /** An organisation's name in Cyrillic with quotes, a comma, a plus, a '#' first and a space last. */
    private static final String AWKWARD = "#АО \"ТЕСТ\", a+b=c ";
    /** A value with what Python's cryptography escapes besides: a space first, ';', '<', '>', a backslash, NUL. */
    private static final String AWKWARD_TOO = " a;b<c>d\\e\u0000f ";
    /** What python3 runs to print a PEM certificate's subject and issuer as cryptography writes them, one a line. */
    private static final String PYTHON_NAMES = "import sys\nfrom cryptography import x509\n"
            + "c = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read())\n"
            + "sys.stdout.buffer.write((c.subject.rfc4514_string() + '\\n' + c.issuer.rfc4514_string() + '\\n')"
            + ".encode('utf-8'))\n";

    @TempDir
    Path files;

    @Test
    void openSslsFormIsWhatOpensslPrints() throws Exception {
        kz.qaqpa.ExternalTools.assumeRuns("openssl is not installed", "openssl", "version");
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
                "CN=TULEUOV NURZHAN, OID.2.5.4.5=IIN900712302302, OU=BIN081240003305, O=" + organisation + ", C=KZ",
                "CN=TULEUOV NURZHAN,2.5.4.5=IIN900712302302,OU=BIN081240003305,O=" + organisation + ",C=KZ");
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

    /**
     * interop48: Python's {@code cryptography} 48 ({@code _escape_dn_value}) writes Cyrillic as it is and escapes
     * with a backslash: quotes, commas, pluses, ';', '<', '>', backslashes, a '#' or space first, a space last; NUL as
     * {@code \00}. As python3 wrote these two names.
     */
    @Test
    void pythonEscapesAsCryptographyEscapes() {
        assertThat(SignerNameForms.python(awkward())).contains(
                "CN=TULEUOV NURZHAN,2.5.4.5=IIN900712302302,O=\\#АО \\\"ТЕСТ\\\"\\, a\\+b=c\\ ,C=KZ");
        assertThat(SignerNameForms.python(awkward(AWKWARD_TOO))).contains(
                "CN=TULEUOV NURZHAN,2.5.4.5=IIN900712302302,O=\\ a\\;b\\<c\\>d\\\\e\\00f\\ ,C=KZ");
    }

    /**
     * interop48: Python's form equals what python3 with cryptography writes of the certificates' names: the test
     * PKI's (the issuer's in Cyrillic), the awkward ones, and one with attributes cryptography has no name for
     * (SURNAME, GIVENNAME, the e-mail address: their dotted OIDs).
     */
    @Test
    void pythonsFormIsWhatPythonWrites() throws Exception {
        requirePython();
        X509Certificate citizen = SharedTestPki.key("citizen-aigerim").certificate();
        assertThat(SignerNameForms.python(citizen.getSubjectX500Principal()))
                .contains(pythonNames(citizen, files).get(0));
        assertThat(SignerNameForms.python(citizen.getIssuerX500Principal()))
                .contains(pythonNames(citizen, files).get(1));
        for (X500Principal name : new X500Principal[] {
                SharedTestPki.key("operator-con").certificate().getSubjectX500Principal(), awkward(),
                awkward(AWKWARD_TOO), unnamedByPython()}) {
            assertThat(SignerNameForms.python(name)).as(name.getName()).contains(pythonNames(selfSigned(name), files).get(0));
        }
    }

    /** A multi-valued RDN: OpenSSL's and .NET's forms are not generated (refused as before), the JDK's still are. */
    @Test
    void aMultiValuedNameHasNoOpenSslOrDotNetForm() {
        X500Principal name = new X500Principal("CN=TULEUOV NURZHAN+SERIALNUMBER=IIN900712302302,C=KZ");
        assertThat(SignerNameForms.openSsl(name)).isEmpty();
        assertThat(SignerNameForms.dotNet(name)).isEmpty();
        assertThat(SignerNameForms.python(name)).isEmpty();
        assertThat(SignerNameForms.of(name)).contains(name.getName());
    }

    private static X500Principal awkward() {
        return awkward(AWKWARD);
    }

    /** The operator's name with {@code organisation} (a UTF8String) for its organisation. */
    private static X500Principal awkward(String organisation) {
        return principal(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "KZ")
                .addRDN(BCStyle.O, new org.bouncycastle.asn1.DERUTF8String(organisation))
                .addRDN(BCStyle.SERIALNUMBER, "IIN900712302302").addRDN(BCStyle.CN, "TULEUOV NURZHAN").build());
    }

    /** A citizen's name as a НУЦ РК certificate may carry it, with SURNAME, GIVENNAME and an e-mail address. */
    private static X500Principal unnamedByPython() {
        return principal(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "KZ")
                .addRDN(BCStyle.GIVENNAME, new org.bouncycastle.asn1.DERUTF8String("ЕРЛАНОВНА"))
                .addRDN(BCStyle.SERIALNUMBER, "IIN870203407800").addRDN(BCStyle.SURNAME, "ABENOVA")
                .addRDN(BCStyle.CN, "ABENOVA AIGERIM").addRDN(BCStyle.EmailAddress, "aigerim@example.kz").build());
    }

    private static X500Principal principal(X500Name name) {
        try {
            return new X500Principal(name.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Goes on where python3 with cryptography runs (skips, or fails with ExternalTools.REQUIRED, elsewhere). */
    public static void requirePython() {
        kz.qaqpa.ExternalTools.assumeRuns("python3 with cryptography is not installed (apt-get install python3-cryptography)",
                "python3", "-c", "import cryptography.x509");
    }

    /**
     * The subject's and the issuer's name of {@code certificate} as python3's cryptography writes them
     * ({@code Name.rfc4514_string()}), the certificate's PEM written into {@code dir}.
     */
    public static java.util.List<String> pythonNames(X509Certificate certificate, Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve(java.util.UUID.randomUUID() + ".py"), PYTHON_NAMES);
        String output = run(dir, "python3", script.toString(), pem(certificate, dir).toString());
        return output.lines().toList();
    }

    /**
     * {@code openssl x509 -noout -subject -nameopt RFC2253} of a certificate named {@code name} (written into
     * {@code dir}), without "subject=".
     */
    public static String openSslSubject(X500Principal name, Path dir) throws Exception {
        String output = run(dir, "openssl", "x509", "-in", pem(selfSigned(name), dir).toString(), "-noout", "-subject",
                "-nameopt", "RFC2253");
        assertThat(output).startsWith("subject=");
        return output.substring("subject=".length()).stripTrailing();
    }

    /** A certificate named {@code name}, issued by itself. */
    private static X509Certificate selfSigned(X500Principal name) throws Exception {
        var keys = MadeCertificates.keys();
        return MadeCertificates.certificate(name, keys.getPublic(), name, keys.getPrivate(), false);
    }

    /** {@code certificate} as a PEM file in {@code dir}. */
    private static Path pem(X509Certificate certificate, Path dir) throws Exception {
        return Files.writeString(dir.resolve(java.util.UUID.randomUUID() + ".pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    /**
     * What {@code command} prints (UTF-8) on its standard output, once it has ended well; its warnings (cryptography
     * warns of the test PKI issuer's CN, longer than X.520's 64) kept apart, shown when it fails.
     */
    private static String run(Path dir, String... command) throws Exception {
        Path errors = dir.resolve(java.util.UUID.randomUUID() + ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(errors.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output + Files.readString(errors)).isZero();
        return output;
    }
}
