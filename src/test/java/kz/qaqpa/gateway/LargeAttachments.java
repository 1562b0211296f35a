package kz.qaqpa.gateway;

import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Attachment;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * Makes a kindergarten application large in ways its schema takes. Until attack51 the tests made it large through one
 * attachment's name of millions of characters, which the forms' FileName type now refuses (255 at most): now many
 * attachments, each with the longest name ({@link #add}), or, where a test is about one large text (what the
 * gateway allocates or holds for a large body), indentation between the form's elements ({@link #signedIndented}),
 * which XML Schema leaves unbounded and the signature covers as any text.
 */
final class LargeAttachments {
    /** FileName's maxLength in the form schemas. */
    static final int NAME_LENGTH = 255;

    /**
     * The characters one attachment takes in the serialized application at the least besides its name: its element
     * names unprefixed, the kind and the digest. An attachment takes this many or a few more (the prefixes).
     */
    static final int OTHER_CHARS = "<attachment><kind>OTHER</kind><fileName></fileName><sha256></sha256></attachment>"
            .length() + 64;

    private LargeAttachments() {
    }

    /**
     * Adds attachments whose names are {@code letter} repeated, so that the application takes at least {@code chars}
     * characters more (a little more with the prefixes); returns the characters of the names added.
     */
    static int add(Application application, int chars, char letter) {
        int count = (chars + NAME_LENGTH + OTHER_CHARS - 1) / (NAME_LENGTH + OTHER_CHARS);
        String name = String.valueOf(letter).repeat(NAME_LENGTH - ".pdf".length()) + ".pdf";
        for (int i = 0; i < count; i++) {
            Attachment attachment = new Attachment();
            attachment.setKind("OTHER");
            attachment.setFileName(name);
            attachment.setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
            application.getAttachment().add(attachment);
        }
        return count * NAME_LENGTH;
    }

    /**
     * {@code application} signed by {@code signer} with {@code chars} characters of whitespace (line breaks and spaces)
     * between its elements, before its attachments: one text of that size, as a name of that size was before attack51.
     */
    static Element signedIndented(Application application, int chars, KeyMaterial signer) {
        Element form = ShepXml.toElement(application);
        Element firstAttachment = (Element) form.getElementsByTagNameNS(form.getNamespaceURI(), "attachment").item(0);
        String indentation = ("\n" + " ".repeat(79)).repeat(chars / 80 + 1).substring(0, chars);
        form.insertBefore(form.getOwnerDocument().createTextNode(indentation), firstAttachment);
        DocumentSigner.sign(form, signer);
        return form;
    }
}
