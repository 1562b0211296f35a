package kz.qaqpa.mocks.provider;

import java.util.List;
import org.w3c.dom.Element;

/**
 * How one provider decides one service: the mock's documented rules (each implementation says in its comment what
 * it grants, what it refuses and who signs). The {@link ProviderOffice} does the protocol; the rules only say which
 * documents the provider sends, in which order.
 */
public interface ServiceRules {

    /** The gateway's serviceId the rules decide. */
    String serviceId();

    /**
     * Decides an application once, when it arrives (verified and numbered). Deterministic for a given application:
     * the office keeps the steps and sends them in order, each until the gateway has answered it.
     */
    List<OfficeStep> decide(ReceivedApplication application);

    /**
     * A channel's document about an application that the gateway passed on (messageType UPDATE, e.g. the
     * consumer's consent), already verified. Steps returned are sent after the ones still pending.
     */
    default List<OfficeStep> onUpdate(ReceivedApplication application, Element update) {
        return List.of();
    }
}
