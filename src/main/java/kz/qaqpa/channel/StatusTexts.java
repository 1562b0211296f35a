package kz.qaqpa.channel;

import java.util.Map;

/**
 * Texts of the statuses that no regulation step names (delivery, OVERDUE; qaqpa.status-text.<code>); the regulation's own
 * steps carry their texts in the route files. A service whose regulation words them otherwise (another language, its
 * own table row) overrides them with qaqpa.service.<serviceId>.status-text.<code> (key "serviceId.code" here).
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

    /** The service's own text for the status where it has one, else the gateway's. */
    public String of(String serviceId, String statusCode) {
        return serviceTexts.getOrDefault(serviceId + "." + statusCode, of(statusCode));
    }
}
