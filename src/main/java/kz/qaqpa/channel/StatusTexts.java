package kz.qaqpa.channel;

import java.util.Map;

/**
 * Texts of the delivery statuses that no regulation step names (qaqpa.status-text.<code>); the regulation's own
 * steps carry their texts in the route files.
 */
public record StatusTexts(Map<String, String> texts) {

    public String of(String statusCode) {
        return texts.getOrDefault(statusCode, statusCode);
    }
}
