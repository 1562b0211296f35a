package kz.qaqpa.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * Requests prepared before a measurement, so the load client spends no signature work while it measures: every
 * signed request has its own messageId (a repeated one would get the stored answer, not the real path), and every
 * application its own signed form (each request a new application, not a copy of one form).
 */
final class RequestPools {
    static final String PORTAL = "PORTAL";
    private static final String PORTAL_PASSWORD = "portal-secret";
    /** A person of mocks/data/persons.csv (the portal's sample applicant). */
    private static final String KNOWN_IIN = "850315401201";
    private final KeyMaterial portalKey;
    private final KeyMaterial applicantKey;
    private final Application application;
    /** When the pool's first form was submitted; each next form a millisecond later, so no two say the same. */
    private final Instant firstSubmitted = Instant.now();
    private long forms;

    RequestPools(TestPki pki) {
        portalKey = pki.key("portal");
        // a reasoned refusal: the portal's final result with no offer to consent to first (para 8.10), so every
        // application of (d) reaches a signed result however many places the register has left
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        application = sample.build();
        applicantKey = pki.key(sample.signerAlias());
    }

    /** (a) An unsigned envelope of the same size class as a look-up, for the echo. */
    static List<byte[]> echo(int count) {
        PersonRequest query = new PersonRequest();
        query.setIin(KNOWN_IIN);
        byte[] envelope = SecureXml.serialize(SoapEnvelopes.wrap(SyncMessages.sendMessage(UUID.randomUUID().toString(),
                "BENCH_ECHO", null, PORTAL, PORTAL_PASSWORD, ShepXml.toElement(query))));
        List<byte[]> pool = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pool.add(envelope);
        }
        return pool;
    }

    /** (b) Signed sync SendMessage look-ups of GBDFL_PERSON from the portal, one messageId each. */
    List<byte[]> personLookups(int count) {
        List<byte[]> pool = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PersonRequest query = new PersonRequest();
            query.setIin(KNOWN_IIN);
            pool.add(signed(SyncMessages.sendMessage("bench-" + UUID.randomUUID(), "GBDFL_PERSON", null, PORTAL,
                    PORTAL_PASSWORD, ShepXml.toElement(query))));
        }
        return pool;
    }

    /**
     * (c), (d) Signed async sendMessage REQUESTs of a portal application, one messageId and one form each: the same
     * family's form submitted a millisecond after the one before, signed by the applicant here, before measuring.
     */
    synchronized List<byte[]> applications(int count) {
        List<byte[]> pool = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            application.setSubmittedAt(DataElements.dateTime(firstSubmitted.plusMillis(forms++)));
            Element signedApplication = ChannelClient.sign(application, applicantKey);
            pool.add(signed(AsyncMessages.sendMessage("REQUEST", "bench-" + UUID.randomUUID(), null,
                    ChannelClient.SERVICE_ID, PORTAL, PORTAL_PASSWORD, signedApplication)));
        }
        return pool;
    }

    private byte[] signed(Object request) {
        return SecureXml.serialize(EnvelopeSigner.sign(SoapEnvelopes.wrap(request), portalKey));
    }

    /** The correlationId of a sendMessageResponse, or null. */
    static String correlationId(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        int at = text.indexOf("correlationId>");
        if (at < 0) {
            return null;
        }
        int from = at + "correlationId>".length();
        int to = text.indexOf('<', from);
        return to < 0 ? null : text.substring(from, to);
    }
}
