package kz.qaqpa.channel;

import java.util.Map;

/**
 * Texts of the statuses that no regulation step names (delivery, OVERDUE; qaqpa.status-text.<code>); the regulation's own
 * steps carry their texts in the route files. A service whose regulation words them otherwise (another language, its
 * own table row) overrides them with qaqpa.service.<serviceId>.status-text.<code> (key "serviceId.code" here), and a
 * channel whose own table words one otherwise with qaqpa.service.<serviceId>.status-text.<code>.<channel> (key
 * "serviceId.code.channel").
 */
public record StatusTexts(Map<String, String> texts, Map<String, String> serviceTexts) {

    public StatusTexts(Map<String, String> texts) {
        this(texts, Map.of());
    }

    public StatusTexts {
        texts = Map.copyOf(texts);
        serviceTexts = Map.copyOf(serviceTexts);
    }

    public String of(String statusCode) {
        return texts.getOrDefault(statusCode, statusCode);
    }

    /** The text of the service's channel where it has one, else the service's own, else the gateway's. */
    public String of(String serviceId, String channel, String statusCode) {
        String serviceText = serviceTexts.getOrDefault(serviceId + "." + statusCode, of(statusCode));
        return serviceTexts.getOrDefault(serviceId + "." + statusCode + "." + channel, serviceText);
    }
}
