package kz.qaqpa.mocks;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Attachment;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.SampleApplication;

/**
 * Test applications: the portal sample (aigerim applies for aruzhan, born 2021-09-08, with both required
 * attachments), submitted at a fixed time, 2026-03-02 10:00 Astana time.
 */
final class Applications {
    private Applications() {
    }

    static Application aruzhan(String... kindergartenCodes) {
        Application a = SampleApplication.on(Channel.PORTAL).kindergartens(kindergartenCodes).build();
        a.setSubmittedAt(DataElements.dateTime(OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneOffset.ofHours(5)).toInstant()));
        return a;
    }

    static Attachment attachment(String kind) {
        Attachment at = new Attachment();
        at.setKind(kind);
        at.setFileName(kind.toLowerCase() + ".pdf");
        at.setSha256("0".repeat(64));
        return at;
    }
}
