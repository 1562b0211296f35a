package kz.qaqpa.gateway;

import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Attachment;

/**
 * Makes a kindergarten application large the way a citizen's valid one can be: many attachments, each named with the
 * longest base name the forms' FileName type takes. Until attack51 the tests made it large through one attachment's
 * name of millions of characters, which the contract now refuses.
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
}
