package kz.qaqpa.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SecureXml;
import org.w3c.dom.Element;

/**
 * Requests prepared before a measurement, so the load client spends no signature work while it measures: every
 * signed request has its own messageId (a repeated one would get the stored answer, not the real path).
 */
final class RequestPools {
    static final String PORTAL = "PORTAL";
    private static final String PORTAL_PASSWORD = "portal-secret";
    /** A person of mocks/data/persons.csv (the portal's sample applicant). */
    private static final String KNOWN_IIN = "850315401201";
    private final KeyMaterial portalKey;
    private final Element signedApplication;

    RequestPools(TestPki pki) {
        portalKey = pki.key("portal");
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        // one application document signed once by the applicant: the gateway checks its signature on every copy
        signedApplication = ChannelClient.sign(sample.build(), pki.key(sample.signerAlias()));
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

    /** (c), (d) Signed async sendMessage REQUESTs of a portal application, one messageId each. */
    List<byte[]> applications(int count) {
        List<byte[]> pool = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
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
