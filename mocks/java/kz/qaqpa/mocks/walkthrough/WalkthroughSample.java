package kz.qaqpa.mocks.walkthrough;

import org.w3c.dom.Element;

/**
 * What the walkthrough command plays for one service: the application it signs and sends, and the hand-over the
 * channel's system reports when the consumer collects the result at a desk (ЦОН, office).
 */
interface WalkthroughSample {
    /** The ШЭП serviceId the application is sent under. */
    String serviceId();

    /** The application (a JAXB root) before the signer's signature. */
    Object build();

    /** The test PKI alias of the person who signs the application on this channel. */
    String signerAlias();

    /**
     * The channel's statusNotification HANDED_OVER about the application, as its system sends it in a NOTIFICATION
     * (the document unsigned: the ШЭП envelope carries the channel system's signature).
     */
    Element handOver(String correlationId);

    /** Who collected the result, as the hand-over names it, for the walkthrough's line ("" when it names no one). */
    String collector();
}
