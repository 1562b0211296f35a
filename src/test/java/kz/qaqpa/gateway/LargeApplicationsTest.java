package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.Allocations;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * Applications near the largest message the gateway takes (qaqpa.max-message-bytes, 5 MB) at the same moment: each
 * is a citizen's valid application and must be stored, whatever else of that size the store is writing meanwhile.
 */
class LargeApplicationsTest {
    /** aPollForManyLargeApplicationsReadsOnlyTheOneItAnswers polls for the same application again and again. */
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce();
    static final PlayedProvider provider = new PlayedProvider(gateway);

    /** Filler in the application's indentation: the signed envelope stays within qaqpa.max-message-bytes. */
    private static final int LARGE = 4_500_000;

    /** Before: SCE909, HSQLDB's "Data cache size limit is reached" (its 10 MB row cache), for one of them or more. */
    @Test
    void largeApplicationsSentAtOnceAreAllAccepted() throws Exception {
        List<String> accepted = AtOnce.run(3, () -> submit(signedLarge()));

        assertThat(accepted).doesNotContainNull().doesNotHaveDuplicates();
        for (String correlationId : accepted) {
            assertThat(provider.application(correlationId).statusCode()).isEqualTo("ACCEPTED");
        }
        assertThat(operatorGet("/message-log/verify")).startsWith("OK");
    }

    /**
     * attack64 (attack63's Left): a citizen's application with thousands of attachments (the form's {@code attachment}
     * is unbounded), each with a short name, over real HTTP with the applicant's real signature. 10,000 of them (some
     * 40,000 elements, 1.6 MB) are taken as any application; 20,000 (3.2 MB, within qaqpa.max-message-bytes) pass
     * qaqpa.xml.max-tags and are refused with the ШЭП fault naming that bound, nothing stored, while another
     * application sent at the same moment is taken. 30,000 pass qaqpa.max-message-bytes (SCE010 from the head).
     */
    @Test
    void thousandsOfAttachmentsAreTakenWithinTheBoundsAndRefusedBeyond() throws Exception {
        String within = submit(signedWithAttachments(10_000));
        assertThat(provider.application(within).statusCode()).isEqualTo("ACCEPTED");

        Element beyond = signedWithAttachments(20_000);
        String beyondId = "attachments-" + UUID.randomUUID();
        AtomicInteger calls = new AtomicInteger();
        List<String> done = AtOnce.run(2, () -> {
            if (calls.getAndIncrement() == 0) {
                try {
                    gateway.client(Channel.PORTAL).submit(beyond, beyondId);
                    return "taken";
                } catch (SignedSoapClient.RemoteFault f) {
                    return f.error().getErrorCode() + (f.error().getErrorMessage().contains("100000 tags") ? " tags" : "");
                }
            }
            return provider.application(submit(gateway.signed(SampleApplication.on(Channel.PORTAL)))).statusCode();
        });
        assertThat(done).as("beyond the bound: the fault naming it; another application meanwhile: taken")
                .containsExactlyInAnyOrder("SCE001 tags", "ACCEPTED");
        assertThatThrownBy(() -> gateway.client(Channel.PORTAL).status(beyondId)).as("nothing stored")
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
    }

    /** A portal application with {@code count} attachments named "a.pdf", signed by its applicant. */
    private static Element signedWithAttachments(int count) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        var application = sample.build();
        for (int i = 0; i < count; i++) {
            kz.qaqpa.document.kindergarten.Attachment attachment = new kz.qaqpa.document.kindergarten.Attachment();
            attachment.setKind("OTHER");
            attachment.setFileName("a.pdf");
            attachment.setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
            application.getAttachment().add(attachment);
        }
        return gateway.signed(application, sample.signerAlias());
    }

    /**
     * The provider's acknowledgement of a large application rewrites its queue entry while another large application
     * is stored. Before: either could fail with SCE909 (the row cache), as could the poll that fetched the first.
     */
    @Test
    void aLargeApplicationsAcknowledgementIsStoredWhileAnotherLargeOneArrives() throws Exception {
        String first = submit(signedLarge());
        AsyncMessage polled = polledAfterEarlier(first);
        assertThat(DataElements.unwrap(polled.getMessageData().getData()).getTextContent().length())
                .as("the application as signed, filler and all").isGreaterThan(LARGE);
        Element next = signedLarge();
        AtomicInteger calls = new AtomicInteger();

        List<String> done = AtOnce.run(2, () -> {
            if (calls.getAndIncrement() == 0) {
                provider.acknowledge(polled.getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
                return first;
            }
            return submit(next);
        });

        assertThat(provider.application(first).statusCode()).isEqualTo("DELIVERED");
        String second = done.stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
        assertThat(provider.application(second).statusCode()).isEqualTo("ACCEPTED");
        assertThat(operatorGet("/message-log/verify")).startsWith("OK");
    }

    /** Large applications queued at once for the poll below: together several times the message limit. */
    private static final int QUEUED_LARGE = 4;

    /**
     * Session 23: a poll asking for many large applications answers with what fits the message limit, the rest staying
     * queued in order, and the gateway reads only what it answers. Asking for all of them allocates (every thread of
     * this JVM, gateway and test) less than one message limit more than asking for the first alone, the same answer:
     * the poll cannot have held more. Before: the poll read every queued row, body and all (amount x 5 MB in the heap
     * at once), before the limit left all but the first out.
     */
    @Test
    void aPollForManyLargeApplicationsReadsOnlyTheOneItAnswers() {
        acknowledgeAllQueued();
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED_LARGE; i++) {
            queued.add(submit(signedLarge()));
        }
        provider.poll(1); // the first polls warm the code they run: the first two allocated some 14 MB more
        provider.poll(100);

        long forOne = Allocations.during(() -> assertThat(correlationIds(provider.poll(1))).containsExactly(queued.get(0)));
        long forAll = Allocations.during(() -> assertThat(correlationIds(provider.poll(100))).containsExactly(queued.get(0)));

        assertThat(forAll - forOne).as("bytes allocated by asking for %d rather than 1 (%d for one)", 100, forOne)
                .isLessThan(gateway.settings().integer("qaqpa.max-message-bytes"));
        for (String next : queued) {
            List<AsyncMessage> polled = provider.poll(100);
            assertThat(correlationIds(polled)).as("each in its turn, alone").containsExactly(next);
            provider.acknowledge(polled.get(0).getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
        }
        assertThat(provider.poll(100)).isEmpty();
    }

    /**
     * Session 24: the provider's acknowledgement of a large application reads its queue entry without the application.
     * Before: the entry was read whole, some 39 MB allocated for a 4.5 MB application (its text, as characters and as a
     * String) to take it off the queue.
     */
    @Test
    void anAcknowledgementDoesNotReadTheApplication() {
        acknowledgeAllQueued();
        String correlationId = submit(signedLarge());
        String messageId = polledAfterEarlier(correlationId).getMessageInfo().getMessageId();

        long allocated = Allocations.during(() -> provider.acknowledge(messageId, "MESSAGE_ACCEPTED", "NOT_RESEND"));

        assertThat(provider.application(correlationId).statusCode()).isEqualTo("DELIVERED");
        assertThat(allocated).as("bytes allocated by the acknowledgement (gateway and test)").isLessThan(LARGE);
    }

    /**
     * What a large application's intake may allocate (gateway and test client), in applications of its size. 20 since
     * attack19: a thread's XML parser is replaced once it has read 64 KB, so each large document's parse grows a new
     * parser's text buffer (about twice the text, 9 MB here) where a parser kept for ever reused the one grown by the
     * intakes before, and held it for good (8 MB a thread after one 4.5 MB text, measured).
     */
    private static final int INTAKE_ALLOCATION_IN_APPLICATIONS = 20;

    /**
     * Session 24 (intakeheap): the channel routes do not stream-cache the request, whose one copy the channel gate
     * reads and keeps. Before: Camel's stream cache grew a buffer by doubling, copied it out and held it for the whole
     * exchange beside the gate's bytes: 86 MB allocated to take a 4.5 MB application (19 of its size), 68 MB after;
     * 77 MB since session 25, whose documents with a text over 4,096 characters are validated first without their
     * schemas' patterns (ContractSchemas: a long text is held to its maxLength before a quadratic pattern reads it).
     */
    @Test
    void aLargeApplicationsIntakeReadsItsBodyOnce() {
        submit(signedLarge()); // the first intakes warm the code they run
        submit(signedLarge());
        // the least of three: every thread of the JVM is counted (the outbox's callbacks of the intakes before run
        // meanwhile), and an intake whose code the JIT has not yet compiled allocates what escape analysis would have
        // saved (144 MB once in a full run, against 77 MB): each of those only adds to what the intake itself takes
        long allocated = Long.MAX_VALUE;
        for (int intake = 0; intake < 3; intake++) {
            Element signed = signedLarge();
            allocated = Math.min(allocated, Allocations.during(() -> assertThat(submit(signed)).isNotBlank()));
        }

        assertThat(allocated).as("bytes allocated by the intake (gateway and test)")
                .isLessThan((long) INTAKE_ALLOCATION_IN_APPLICATIONS * LARGE);
    }

    private static List<String> correlationIds(List<AsyncMessage> messages) {
        return messages.stream().map(m -> m.getMessageInfo().getCorrelationId()).toList();
    }

    /** Takes what the other tests left queued off the queue. */
    private static void acknowledgeAllQueued() {
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            List<AsyncMessage> polled = provider.poll(100);
            if (polled.isEmpty()) {
                return;
            }
            for (AsyncMessage message : polled) {
                provider.acknowledge(message.getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
            }
        }
        throw new AssertionError("still queued after " + MAX_POLLS + " polls");
    }

    /** Polls as the provider until the application comes, acknowledging the ones before it (other tests'). */
    private static AsyncMessage polledAfterEarlier(String correlationId) {
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            for (AsyncMessage message : provider.poll(100)) {
                if (message.getMessageInfo().getCorrelationId().equals(correlationId)) {
                    return message;
                }
                provider.acknowledge(message.getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
            }
        }
        throw new AssertionError(correlationId + " not offered in " + MAX_POLLS + " polls");
    }

    private static final int MAX_POLLS = 10;

    private static String operatorGet(String path) {
        return RawSoap.consoleGet(gateway, path).text();
    }

    /** A portal application indented with {@link #LARGE} characters (LargeAttachments), signed by its applicant. */
    private static Element signedLarge() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        var application = sample.build();
        return LargeAttachments.signedIndented(application, LARGE, gateway.pki().key(sample.signerAlias()));
    }

    private static String submit(Element signed) {
        return gateway.client(Channel.PORTAL).submit(signed, "large-" + UUID.randomUUID()).getCorrelationId();
    }
}
