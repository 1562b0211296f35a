package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.mocks.gbdfl.GbdflMock;
import kz.qaqpa.mocks.soap.MockSoapServer;
import kz.qaqpa.mocks.soap.SyncLookupService;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.xml.Dom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * interop48 (interop47's Left): what the gateway writes about no application is dated in the gateway's zone
 * (qaqpa.time-zone), like the dates about an application are in its service's: a fault's errorDate (refused in a
 * route, and before one by its declared length) and the messageDate of the gateway's own look-up, as ГБД ФЛ receives it
 * over real signed HTTP. The JVM's zone during each case is one whose offset is unlike the gateway's (the machine's
 * own, or UTC where the machine keeps the gateway's offset), so a date in the JVM's zone is told apart. Before: the
 * JVM's zone gave their offset.
 */
class GatewayZoneDatesTest {
    @RegisterExtension
    static final GatewayHarness gateway = StateDatabaseConditionTest.withTheTestRegulation(GatewayHarness.perClass());
    /** The messageDate of each look-up ГБД ФЛ's stand-in received, as written. */
    private static final List<String> LOOK_UP_DATES = new CopyOnWriteArrayList<>();
    private static MockSoapServer gbdfl;
    private TimeZone hostZone;

    /** ГБД ФЛ with the mock's persons, on its port, noting each look-up's messageDate as the gateway wrote it. */
    @BeforeAll
    static void gbdflNotingDates() {
        GbdflMock data = gateway.mocks().gbdfl();
        int port = data.port();
        data.stop();
        gbdfl = new MockSoapServer("ГБД ФЛ noting the look-ups' dates", port, GbdflMock.PATH,
                gateway.pki().key("gbdfl"), gateway.gatewayCheck())
                .operation(SyncLookupService.SEND_MESSAGE, SyncLookupService.SEND_MESSAGE_FAULT, sendMessage -> {
                    LOOK_UP_DATES.add(((Element) sendMessage.getElementsByTagNameNS("*", "messageDate").item(0))
                            .getTextContent());
                    return SyncLookupService.answer(sendMessage, request -> {
                        String iin = Dom.childElement(request, "iin").getTextContent().trim();
                        PersonNotFound notFound = new PersonNotFound();
                        notFound.setIin(iin);
                        return data.find(iin).<Object>map(person -> person).orElse(notFound);
                    });
                });
        gbdfl.start();
        Pause.sleep(StateDatabaseConditionTest.POOL_CHECKS_IDLE_AFTER);
    }

    @AfterAll
    static void stopGbdfl() {
        gbdfl.stop();
    }

    /** The JVM's zone unlike the gateway's now: UTC where the machine keeps the gateway's offset. */
    @BeforeEach
    void hostZoneUnlikeTheGateways() {
        hostZone = TimeZone.getDefault();
        Instant now = Instant.now();
        if (hostZone.toZoneId().getRules().getOffset(now).equals(gatewayZone().getRules().getOffset(now))) {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        }
    }

    @AfterEach
    void hostZoneBack() {
        TimeZone.setDefault(hostZone);
    }

    /** A body that is no XML: the fault a route answers, its errorDate in the gateway's zone. */
    @Test
    void aRoutesFaultIsDatedInTheGatewaysZone() {
        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), "<not-xml".getBytes(StandardCharsets.UTF_8));
        assertInTheGatewaysZone(errorInfo(answer), answer);
    }

    /**
     * A body declared longer than qaqpa.max-message-bytes (Expect: 100-continue, the body never sent), refused from
     * its head before any route (SCE010): its fault too.
     */
    @Test
    void aRefusalBeforeTheRoutesIsDatedInTheGatewaysZone() {
        String head = "POST /shep/async HTTP/1.1\r\nHost: qaqpa\r\nContent-Type: text/xml\r\nSOAPAction: \"\"\r\n"
                + "Content-Length: " + (gateway.settings().integer("qaqpa.max-message-bytes") + 1L)
                + "\r\nExpect: 100-continue\r\n\r\n";
        RawSoap.Response answer = RawSoap.sendAsIs(gateway.asyncUrl(), head.getBytes(StandardCharsets.US_ASCII),
                Duration.ofSeconds(30)).first();
        assertThat(answer).isNotNull();
        ErrorInfo info = errorInfo(answer);
        assertThat(info.getErrorCode()).isEqualTo(FaultCode.MESSAGE_TOO_LARGE.code());
        assertInTheGatewaysZone(info, answer);
    }

    /** The test regulation's check of the applicant and the child in ГБД ФЛ: each look-up dated in the gateway's zone. */
    @Test
    void theGatewaysOwnLookUpsAreDatedInTheGatewaysZone() {
        LOOK_UP_DATES.clear();
        Instant before = Instant.now();
        StateDatabaseConditionTest.submit(gateway, SampleApplication.on(Channel.CON), "CON-" + UUID.randomUUID());
        assertThat(LOOK_UP_DATES).as("the look-ups ГБД ФЛ received").isNotEmpty().allSatisfy(text -> {
            OffsetDateTime date = OffsetDateTime.parse(text);
            assertThat(date.toInstant()).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(date.getOffset()).as(text).isEqualTo(gatewayOffsetAt(date.toInstant()))
                    .isNotEqualTo(hostOffsetAt(date.toInstant()));
        });
    }

    private static ErrorInfo errorInfo(RawSoap.Response answer) {
        ErrorInfo info = SoapEnvelopes.faultDetail(answer.document());
        assertThat(info).as("%s", answer).isNotNull();
        return info;
    }

    private static void assertInTheGatewaysZone(ErrorInfo info, RawSoap.Response answer) {
        Instant at = info.getErrorDate().toGregorianCalendar().toInstant();
        ZoneOffset offset = kz.qaqpa.mocks.channel.ChannelMock.offset(info.getErrorDate());
        assertThat(offset).as("%s's errorDate in %s", info.getErrorCode(), answer).isEqualTo(gatewayOffsetAt(at))
                .isNotEqualTo(hostOffsetAt(at));
    }

    private static ZoneId gatewayZone() {
        return ZoneId.of(gateway.settings().get("qaqpa.time-zone"));
    }

    private static ZoneOffset gatewayOffsetAt(Instant at) {
        return gatewayZone().getRules().getOffset(at);
    }

    private static ZoneOffset hostOffsetAt(Instant at) {
        return TimeZone.getDefault().toZoneId().getRules().getOffset(at);
    }
}
