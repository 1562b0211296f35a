package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import kz.qaqpa.Allocations;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The envelope a gateway's answer is signed in takes the reply's element ({@link SoapEnvelopes#wrapTaking}, what
 * {@link Replies} signs with), as parsed or marshalled, without a copy (perf61b: a deep import made every node again).
 * RerunSideEffectsTest shows that a transaction run again records and signs the reply as one run does.
 */
class ReplyEnvelopeTest {
    private static final int ELEMENTS = 2_000;
    /** An envelope of three elements and the test's own measure; a copy of the reply is some 100 bytes an element. */
    private static final long BOUND = 32 * 1024;

    @Test
    void anAnswersEnvelopeTakesItsReplyWithoutCopyingIt() {
        String current = Thread.currentThread().getName();
        for (int i = 0; i < 100; i++) {
            SoapEnvelopes.wrapTaking(parsedReply()); // compiled, as in the gateway
        }
        Element reply = null;
        Document[] envelope = new Document[1];
        long least = Long.MAX_VALUE;
        for (int tries = 0; tries < 10 && least >= BOUND; tries++) {
            Element taken = parsedReply();
            reply = taken;
            least = Math.min(least, Allocations.during(current::equals, () -> envelope[0] = SoapEnvelopes.wrapTaking(taken)));
        }
        assertThat(least).as("bytes allocated wrapping a reply of %d elements", ELEMENTS).isLessThan(BOUND);
        assertThat(SoapEnvelopes.payload(envelope[0])).as("the Body's payload").isSameAs(reply);
        assertThat(reply.getElementsByTagName("item").getLength()).isEqualTo(ELEMENTS);
    }

    /** A reply as a state system's answer is: inside the Body of a parsed envelope, declaring its namespace there. */
    private static Element parsedReply() {
        StringBuilder xml = new StringBuilder("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:t=\"" + ShepNames.SYNC + "\"><s:Body><t:SendMessageResponse>");
        for (int i = 0; i < ELEMENTS; i++) {
            xml.append("<item>").append(i).append("</item>");
        }
        xml.append("</t:SendMessageResponse></s:Body></s:Envelope>");
        return SoapEnvelopes.payload(SecureXml.parseText(xml.toString()));
    }
}
