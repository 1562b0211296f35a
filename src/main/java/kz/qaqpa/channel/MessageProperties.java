package kz.qaqpa.channel;

import java.util.Optional;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.common.Property;

/** The free key/value properties of an async sendMessage's messageInfo (ШЭП {@code properties}). */
public final class MessageProperties {
    /**
     * Property a front-office channel (ЦОН, provider office) sends with an application or a hand-over: when the
     * consumer came to the desk (xs:dateTime). The regulation's front-office norms run from then.
     */
    public static final String CONSUMER_ARRIVED_AT = "consumerArrivedAt";
    /**
     * Properties of the gateway's status notice to the system keeping the consumer's history of obtaining services
     * (ChannelNotifications): the applicant's ИИН, a legal entity's БИН where one applied, and the channel the
     * application came from (also on the provider's polled messages).
     */
    public static final String APPLICANT_IIN = "applicantIin";
    public static final String APPLICANT_BIN = "applicantBin";
    public static final String CHANNEL = "channel";

    private MessageProperties() {
    }

    /** One property, as the gateway writes it into a messageInfo it builds. */
    public static Property of(String key, String value) {
        Property p = new Property();
        p.setKey(key);
        p.setValue(value);
        return p;
    }

    public static Optional<String> value(Inbound in, String key) {
        if (!(in.request() instanceof SendMessage m) || m.getRequest() == null || m.getRequest().getMessageInfo() == null) {
            return Optional.empty();
        }
        return m.getRequest().getMessageInfo().getProperties().stream().filter(p -> key.equals(p.getKey()))
                .map(Property::getValue).findFirst();
    }
}
