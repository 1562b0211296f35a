package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.transforms.params.InclusiveNamespaces;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The once-only guarantee's input ({@code SignedOnce}, replay17): what a signed document says without its signatures.
 * One form has one digest however it is signed: by another key, again by a randomised GOST signature, in place where
 * it inherits its namespaces, with declarations no name uses, with comments, with the signature first, with an
 * InclusiveNamespaces list on its reference, with a co-signature inside, with two signatures. The digests are pinned as
 * session 58's code computed them: the SHA-256 of each form's exclusive canonical form, never signed (libxml2's
 * exclusive C14N, by python3's lxml, gives the same four), so that a change of how the digest is taken cannot change
 * which documents count as the same. Real signatures of the test PKI.
 */
class SignedContentTest {
    private static final String APPLICATION = "<app:Application xmlns:app=\"urn:qaqpa:application\">"
            + "<app:iin>850315401201</app:iin><app:service>Анықтама / справка</app:service></app:Application>";
    /** {@link #APPLICATION} under the default namespace, with an element in no namespace. */
    private static final String DEFAULT_NAMESPACE = "<Application xmlns=\"urn:qaqpa:application\">"
            + "<iin>850315401201</iin><service>Анықтама / справка</service><note xmlns=\"\">қосымша</note></Application>";
    /** {@link #APPLICATION} laid out on lines: the whitespace is part of what it says. */
    private static final String INDENTED = "<app:Application xmlns:app=\"urn:qaqpa:application\">\n"
            + "  <app:iin>850315401201</app:iin>\n  <app:service>Анықтама / справка</app:service>\n</app:Application>";
    /** With a consent a second person signs inside it (seed 000's co-signatures) before the applicant signs the whole. */
    private static final String WITH_CONSENT = "<app:Application xmlns:app=\"urn:qaqpa:application\">"
            + "<app:iin>850315401201</app:iin><app:consent><app:iin>880101300123</app:iin>"
            + "<app:statement>келісемін</app:statement></app:consent></app:Application>";
    private static final String APPLICATION_DIGEST = "64766260da501f018e9e5c86236d85c4d5f08b646f40ac80ddbb52ca994eba76";
    private static final String DEFAULT_NAMESPACE_DIGEST = "4a6d535a6906bf57ccf30654b078553b5fce247e135a39df1285ebd2a27d055d";
    private static final String INDENTED_DIGEST = "7df75cb24e8cef0ddced0a3fe17b90f014e97f02ee9bf6d5707b70c981aade56";
    private static final String WITH_CONSENT_DIGEST = "c20bf82da07f8a2c3f54b7c4b522ae9a70c4aec7594eb287b42b34ad09bb40a1";

    @Test
    void theDigestsArePinnedToEachFormsCanonicalFormNeverSigned() {
        assertThat(neverSigned(APPLICATION)).isEqualTo(APPLICATION_DIGEST);
        assertThat(neverSigned(DEFAULT_NAMESPACE)).isEqualTo(DEFAULT_NAMESPACE_DIGEST);
        assertThat(neverSigned(INDENTED)).isEqualTo(INDENTED_DIGEST);
        assertThat(neverSigned(WITH_CONSENT)).isEqualTo(WITH_CONSENT_DIGEST);
        assertThat(List.of(APPLICATION_DIGEST, DEFAULT_NAMESPACE_DIGEST, INDENTED_DIGEST, WITH_CONSENT_DIGEST))
                .as("four forms, four documents").doesNotHaveDuplicates();
    }

    @Test
    void everyWayOfSigningAFormGivesItsDigest() {
        for (Signed form : signedForms()) {
            String before = SecureXml.toString(form.document().getOwnerDocument());
            assertThat(SignedContent.sha256(form.document())).as(form.name()).isEqualTo(form.digest());
            assertThat(SecureXml.toString(form.document().getOwnerDocument())).as(form.name() + ", left as it was")
                    .isEqualTo(before);
        }
    }

    /**
     * perf59a: the signature check's own copy gives each form's digest, so the intake copies the document once. Where
     * the document carries only the applicant's signature and its reference digests what the digest is of (SHA-256,
     * enveloped then exclusive C14N with no PrefixList: RSA as {@link DocumentSigner} signs), the digest is the checked
     * reference's own, read; otherwise (GOST's Streebog digest, a PrefixList, a co-signature inside) computed on the
     * copy. The document is left as it was; two signatures and comments are refused by the check, as before.
     */
    @Test
    void theCheckedCopyGivesEachFormsDigest() {
        for (Signed form : signedForms()) {
            String before = SecureXml.toString(form.document().getOwnerDocument());
            if (form.check() == Check.REFUSED) {
                assertThatThrownBy(() -> DocumentVerifier.verified(form.document(), SignaturePolicy.DEFAULT))
                        .as(form.name()).isInstanceOf(ShepException.class);
                continue;
            }
            VerifiedDocument checked = DocumentVerifier.verified(form.document(), SignaturePolicy.DEFAULT);
            assertThat(checked.isOf(form.document())).as(form.name()).isTrue();
            assertThat(checked.digestReadFromSignature()).as(form.name() + ", read from the signature")
                    .isEqualTo(form.check() == Check.READ);
            assertThat(checked.contentDigest()).as(form.name()).isEqualTo(form.digest());
            assertThat(checked.contentDigest()).as(form.name() + ", asked again").isEqualTo(form.digest());
            assertThat(SecureXml.toString(form.document().getOwnerDocument())).as(form.name() + ", left as it was")
                    .isEqualTo(before);
        }
    }

    /** Signed forms and the digest each must have. */
    static List<Signed> signedForms() {
        // RSA and GOST by name, whichever family the suite's keys default to (engines68: the GOST-key suite)
        KeyMaterial aigerim = SharedTestPki.pki().key("citizen-aigerim", KeyAlgorithm.RSA);
        KeyMaterial bolat = SharedTestPki.pki().key("citizen-bolat", KeyAlgorithm.RSA);
        KeyMaterial gost = SharedTestPki.pki().key("citizen-aigerim", KeyAlgorithm.GOST);
        List<Signed> forms = new ArrayList<>();
        forms.add(new Signed("RSA", signed(APPLICATION, aigerim), APPLICATION_DIGEST, Check.READ));
        forms.add(new Signed("another signer's RSA", signed(APPLICATION, bolat), APPLICATION_DIGEST, Check.READ));
        forms.add(new Signed("GOST", signed(APPLICATION, gost), APPLICATION_DIGEST, Check.COMPUTED));
        forms.add(new Signed("GOST again (another signature value)", signed(APPLICATION, gost), APPLICATION_DIGEST,
                Check.COMPUTED));
        forms.add(new Signed("after transport", transported(signed(APPLICATION, aigerim)), APPLICATION_DIGEST,
                Check.READ));
        forms.add(new Signed("in place, its prefix declared by an ancestor", inPlace(aigerim), APPLICATION_DIGEST,
                Check.READ));
        forms.add(new Signed("in place, after transport", dataOf(transported(inPlace(aigerim)
                .getOwnerDocument().getDocumentElement())), APPLICATION_DIGEST, Check.READ));
        forms.add(new Signed("unused declarations", withUnusedDeclarations(aigerim), APPLICATION_DIGEST, Check.READ));
        forms.add(new Signed("comments (refused by the check: attack50)", withComments(aigerim), APPLICATION_DIGEST,
                Check.REFUSED));
        forms.add(new Signed("signature first", signatureFirst(signed(APPLICATION, aigerim)), APPLICATION_DIGEST,
                Check.READ));
        forms.add(new Signed("an InclusiveNamespaces PrefixList naming an unused prefix", withPrefixList(aigerim),
                APPLICATION_DIGEST, Check.COMPUTED));
        forms.add(new Signed("two signatures (refused by the check)", signedTwice(aigerim, bolat), APPLICATION_DIGEST,
                Check.REFUSED));
        forms.add(new Signed("default namespace, RSA", signed(DEFAULT_NAMESPACE, aigerim), DEFAULT_NAMESPACE_DIGEST,
                Check.READ));
        forms.add(new Signed("default namespace, GOST", signed(DEFAULT_NAMESPACE, gost), DEFAULT_NAMESPACE_DIGEST,
                Check.COMPUTED));
        forms.add(new Signed("indented", transported(signed(INDENTED, aigerim)), INDENTED_DIGEST, Check.READ));
        forms.add(new Signed("co-signed, RSA", coSigned(bolat, aigerim), WITH_CONSENT_DIGEST, Check.COMPUTED));
        forms.add(new Signed("co-signed, GOST", coSigned(bolat, gost), WITH_CONSENT_DIGEST, Check.COMPUTED));
        return forms;
    }

    record Signed(String name, Element document, String digest, Check check) {
    }

    /** What the signature check makes of a form: its digest read from the signature, computed, or the form refused. */
    enum Check { READ, COMPUTED, REFUSED }

    private static String neverSigned(String form) {
        return CanonicalDigest.sha256(parse(form).getDocumentElement());
    }

    private static Element signed(String form, KeyMaterial key) {
        Element document = parse(form).getDocumentElement();
        DocumentSigner.sign(document, key);
        return document;
    }

    private static Element transported(Element document) {
        return SecureXml.parse(SecureXml.serialize(document.getOwnerDocument())).getDocumentElement();
    }

    /** Signed where it sits inside a wrapper that declares its prefix: the element itself declares none. */
    private static Element inPlace(KeyMaterial key) {
        Document wrapper = parse("<w:wrapper xmlns:w=\"urn:w\" xmlns:app=\"urn:qaqpa:application\"><w:data>"
                + APPLICATION.replace(" xmlns:app=\"urn:qaqpa:application\"", "") + "</w:data></w:wrapper>");
        Element document = dataOf(wrapper.getDocumentElement());
        DocumentSigner.sign(document, key);
        return document;
    }

    private static Element dataOf(Element wrapper) {
        return Dom.firstChildElement(Dom.firstChildElement(wrapper));
    }

    /**
     * ds and an unused prefix declared on the root before the signing, another unused declaration after it
     * (exclusive C14N digests none of them).
     */
    private static Element withUnusedDeclarations(KeyMaterial key) {
        Element document = parse(APPLICATION.replace("xmlns:app=", "xmlns:ds=\"" + WsNames.DS
                + "\" xmlns:ns3=\"urn:unused\" xmlns:app=")).getDocumentElement();
        DocumentSigner.sign(document, key);
        document.setAttributeNS(WsNames.XMLNS, "xmlns:ns4", "urn:kz:egov:portal:forms:v2");
        return transported(document);
    }

    /** A comment before the signing and one after it: digested by neither (URI="" leaves comments out). */
    private static Element withComments(KeyMaterial key) {
        Element document = parse(APPLICATION).getDocumentElement();
        document.insertBefore(document.getOwnerDocument().createComment("before"), document.getFirstChild());
        DocumentSigner.sign(document, key);
        document.appendChild(document.getOwnerDocument().createComment("after"));
        return transported(document);
    }

    private static Element signatureFirst(Element document) {
        Element signature = Dom.children(document, WsNames.DS, "Signature").get(0);
        document.insertBefore(signature, document.getFirstChild());
        return transported(document);
    }

    /**
     * Exclusive C14N with a PrefixList naming {@code ns3}, declared on the root and used by no name: the reference
     * digests that declaration, what the document says does not.
     */
    private static Element withPrefixList(KeyMaterial key) {
        Document doc = parse(APPLICATION.replace("xmlns:app=", "xmlns:ns3=\"urn:unused\" xmlns:app="));
        try {
            XMLSignature signature = new XMLSignature(doc, "", key.algorithm().signatureUri(), WsNames.EXC_C14N);
            doc.getDocumentElement().appendChild(signature.getElement());
            Transforms transforms = new Transforms(doc);
            transforms.addTransform(WsNames.ENVELOPED);
            transforms.addTransform(WsNames.EXC_C14N, new InclusiveNamespaces(doc, "ns3").getElement());
            signature.addDocument("", transforms, key.algorithm().digestUri());
            signature.addKeyInfo(key.certificate());
            signature.sign(key.privateKey());
        } catch (org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new IllegalStateException(e);
        }
        return transported(doc.getDocumentElement());
    }

    private static Element signedTwice(KeyMaterial first, KeyMaterial second) {
        Element document = signed(APPLICATION, first);
        DocumentSigner.sign(document, second);
        return transported(document);
    }

    /** The consent signed by {@code coSigner}, then the whole by {@code applicant}. */
    private static Element coSigned(KeyMaterial coSigner, KeyMaterial applicant) {
        Element document = parse(WITH_CONSENT).getDocumentElement();
        DocumentSigner.sign(Dom.children(document, "urn:qaqpa:application", "consent").get(0), coSigner);
        DocumentSigner.sign(document, applicant);
        return transported(document);
    }

    private static Document parse(String xml) {
        return SecureXml.parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
