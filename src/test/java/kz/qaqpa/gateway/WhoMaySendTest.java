package kz.qaqpa.gateway;

import static kz.qaqpa.channel.AsyncMessages.sender;
import static kz.qaqpa.mocks.walkthrough.AlmatyFamilyForms.document;
import static kz.qaqpa.mocks.walkthrough.AlmatyFamilyForms.person;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.document.almatyfamily.Application;
import kz.qaqpa.document.almatyfamily.Channel;
import kz.qaqpa.document.almatyfamily.StatusNotification;
import kz.qaqpa.mocks.soap.DataElements;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which refusal comes first for a sender and a service (session 30, order16): one case per sender and kind of
 * service, one expected fault code, over real HTTP to the running gateway, in the manner of {@link BadInputTest}.
 * A sender the gateway does not let in is refused as such before any of the service's own checks: one that is not
 * who it says SCE003, one not granted the service (or, for an application, the channel it names) SCE008, whatever the
 * regulation and the channel; only a sender let in hears what is wrong with the application itself (SCE001, SCE033).
 * Nothing is stored for any of them.
 *
 * <p>The services, seed 004: S1 (guardianship certificates) has the ЦОН and the portal only, S2 (establishing
 * guardianship) the Education Department's office too, S5 (school meals) the office and the portal, with its own
 * document. The office's system (ALMATY_EDU) is S1's provider but may not send it; the ЦОН's system may not send S5;
 * MZH_EDU is a provider of seed 000 that sends nothing; ГБД ФЛ is a state system, no sender at all. Here the ЦОН's
 * system may also use the office channel (ZHAO), so that a sender let in meets S1's own refusal of that channel.
 */
class WhoMaySendTest {
    private static final String S1 = "ALMATY_2015_GUARDIANSHIP_CERTIFICATES";
    private static final String S2 = "ALMATY_2015_GUARDIANSHIP";
    private static final String S5 = "ALMATY_SCHOOL_MEALS_2015";
    private static final String OFFICE_EMPLOYEE_IIN = "800911403308";
    private static final String OPERATOR_IIN = "900712302302";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.sender.CON.channels", "CON,ZHAO");

    /** A system's credentials: its senderId, its password and the key its transport signature is made with. */
    record As(String senderId, String password, String key) {
        @Override
        public String toString() {
            return senderId + (password.endsWith("-secret") ? "" : " (password " + password + ")") + " signing as " + key;
        }
    }

    private static final As OFFICE = new As("ALMATY_EDU", "almaty-edu-secret", "almaty-edu");
    private static final As CON = new As("CON", "con-secret", "con");
    private static final As PORTAL = new As("PORTAL", "portal-secret", "portal");
    private static final As PROVIDER_000 = new As("MZH_EDU", "mzh-edu-secret", "mzh-edu");
    private static final As NOBODY = new As("NOBODY", "portal-secret", "portal");
    private static final As WRONG_PASSWORD = new As("PORTAL", "not-the-secret", "portal");
    private static final As STATE_SYSTEM = new As("GBDFL", "gbdfl-secret", "gbdfl");
    private static final As STATE_SYSTEM_AS_PORTAL = new As("PORTAL", "portal-secret", "gbdfl");

    static Stream<Arguments> applications() {
        List<Arguments> cases = new ArrayList<>();
        // the observed case: the office's system sends S1, which it may not, on its own channel, which S1 lacks
        cases.add(Arguments.of(OFFICE, S1, Channel.ZHAO, "SCE008"));
        cases.add(Arguments.of(OFFICE, S1, Channel.CON, "SCE008"));
        cases.add(Arguments.of(OFFICE, S1, Channel.PORTAL, "SCE008"));
        // the ЦОН's system sends S5, which it may not (the family's document, not S5's): on channels S5 has and lacks
        cases.add(Arguments.of(CON, S5, Channel.PORTAL, "SCE008"));
        cases.add(Arguments.of(CON, S5, Channel.CON, "SCE008"));
        cases.add(Arguments.of(CON, S5, Channel.ZHAO, "SCE008"));
        // the portal's system may send S1, but not on a channel that is not its own, whether S1 has it or not
        cases.add(Arguments.of(PORTAL, S1, Channel.CON, "SCE008"));
        cases.add(Arguments.of(PORTAL, S1, Channel.ZHAO, "SCE008"));
        cases.add(Arguments.of(PORTAL, S2, Channel.ZHAO, "SCE008"));
        // a provider sending a channel's operation (an application)
        cases.add(Arguments.of(PROVIDER_000, S1, Channel.PORTAL, "SCE008"));
        cases.add(Arguments.of(PROVIDER_000, S1, Channel.ZHAO, "SCE008"));
        // not who it says: an unknown sender, a wrong password, a state system on the channels' port
        for (As impostor : List.of(NOBODY, WRONG_PASSWORD, STATE_SYSTEM, STATE_SYSTEM_AS_PORTAL)) {
            cases.add(Arguments.of(impostor, S1, Channel.PORTAL, "SCE003"));
            cases.add(Arguments.of(impostor, S1, Channel.ZHAO, "SCE003"));
            cases.add(Arguments.of(impostor, S5, Channel.PORTAL, "SCE003"));
        }
        // let in: only now the service's own checks speak (S1 has no office; S5's document is not the family's)
        cases.add(Arguments.of(CON, S1, Channel.ZHAO, "SCE033"));
        cases.add(Arguments.of(PORTAL, S5, Channel.PORTAL, "SCE001"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} sends {1} on {2}: {3}")
    @MethodSource("applications")
    void anApplication(As as, String serviceId, Channel channel, String code) {
        String messageId = "who-may-send-" + UUID.randomUUID();
        var message = AsyncMessages.sendMessage("REQUEST", messageId, null, serviceId, as.senderId(), as.password(),
                gateway.signed(familyApplication(serviceId, channel), "citizen-aigerim"));
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(message, key(as))),
                ShepAnswers.SEND_MESSAGE_FAULT, code);
        ShepAnswers.assertNotStored(gateway, as.senderId(), messageId);
    }

    static Stream<Arguments> lookUps() {
        return Stream.of(
                // ЦОН may ask ГБД ФЛ but not ЕНИС (qaqpa.sender.CON.services)
                Arguments.of(CON, "ENIS_POWER_OF_ATTORNEY", "SCE008"),
                Arguments.of(PROVIDER_000, "GBDFL_PERSON", "SCE008"),
                Arguments.of(NOBODY, "GBDFL_PERSON", "SCE003"),
                Arguments.of(STATE_SYSTEM, "GBDFL_PERSON", "SCE003"),
                Arguments.of(STATE_SYSTEM_AS_PORTAL, "GBDFL_PERSON", "SCE003"),
                // let in: the look-up's own check, its request document (a person request sent to ЕНИС)
                Arguments.of(PORTAL, "ENIS_POWER_OF_ATTORNEY", "SCE001"));
    }

    @ParameterizedTest(name = "{0} looks up {1}: {2}")
    @MethodSource("lookUps")
    void aLookUp(As as, String serviceId, String code) {
        var request = new kz.qaqpa.document.person.PersonRequest();
        request.setIin("850315401201");
        var message = SyncMessages.sendMessage(UUID.randomUUID().toString(), serviceId, null, as.senderId(),
                as.password(), ShepXml.toElement(request));
        String text = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.syncUrl(), RawSoap.signed(message, key(as))),
                ShepAnswers.SYNC_FAULT, code);
        org.assertj.core.api.Assertions.assertThat(text).doesNotContain("NURLANOVA");
    }

    static Stream<Arguments> events() {
        return Stream.of(
                // an event about an application that is not theirs: the same answer whether it exists or not
                Arguments.of(PROVIDER_000, "NOTIFICATION", "SCE031"),
                Arguments.of(CON, "NOTIFICATION", "SCE031"),
                Arguments.of(NOBODY, "NOTIFICATION", "SCE003"),
                Arguments.of(STATE_SYSTEM, "RESPONSE", "SCE003"));
    }

    @ParameterizedTest(name = "{0} sends a {1} about S1: {2}")
    @MethodSource("events")
    void anEvent(As as, String messageType, String code) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId("no-such-application");
        n.setStatus("HANDED_OVER");
        n.setChangedAt(DataElements.dateTime(java.time.Instant.now()));
        var message = AsyncMessages.sendMessage(messageType, UUID.randomUUID().toString(), "no-such-application", S1,
                as.senderId(), as.password(), ShepXml.toElement(n));
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(message, key(as))),
                ShepAnswers.SEND_MESSAGE_FAULT, code);
    }

    static Stream<Arguments> polls() {
        return Stream.of(
                // a channel, and another service's provider, polling S1's queue (the office's)
                Arguments.of(PORTAL, S1, "SCE008"),
                Arguments.of(PROVIDER_000, S1, "SCE008"),
                Arguments.of(NOBODY, S1, "SCE003"),
                Arguments.of(STATE_SYSTEM, S1, "SCE003"));
    }

    @ParameterizedTest(name = "{0} polls {1}: {2}")
    @MethodSource("polls")
    void aPoll(As as, String serviceId, String code) {
        AsyncGetMessagesRequest request = new AsyncGetMessagesRequest();
        request.setMessageId(UUID.randomUUID().toString());
        request.setRequestDate(SoapEnvelopes.now());
        request.setServiceId(serviceId);
        request.setSender(sender(as.senderId(), as.password()));
        GetMessages call = new GetMessages();
        call.setRequest(request);
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(call, key(as))),
                ShepAnswers.GET_MESSAGES_FAULT, code);
    }

    private static kz.qaqpa.trust.KeyMaterial key(As as) {
        return gateway.pki().key(as.key());
    }

    /** A seed 004 family application (S1-S4, S6's document) for {@code serviceId}, naming {@code channel}. */
    private static Application familyApplication(String serviceId, Channel channel) {
        Application a = new Application();
        a.setServiceCode(serviceId);
        a.setChannel(channel);
        a.setApplicant(person("850315401201", "NURLANOVA", "AIGERIM"));
        a.getChild().add(person("200506504503", "ZHAKSYLYKOV", "TIMUR"));
        if (channel == Channel.CON) {
            a.setOperatorIin(OPERATOR_IIN);
            a.setDeliveryForm("ELECTRONIC");
            a.setSecretsConsent(Boolean.TRUE);
        } else if (channel == Channel.ZHAO) {
            a.setOperatorIin(OFFICE_EMPLOYEE_IIN);
        }
        a.setDocuments(new Application.Documents());
        List.of("identityDocument", "guardianshipOrder").forEach(kind -> a.getDocuments().getDocument().add(document(kind)));
        return a;
    }
}
