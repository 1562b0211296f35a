package kz.qaqpa.regulation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.channel.StatusTexts;

/**
 * The texts of the statuses no regulation step names, as the configuration gives them: the gateway's
 * (qaqpa.status-text.<code>), each service's own (qaqpa.service.<id>.status-text.<code>, as "serviceId.code") and its
 * channels' own (qaqpa.service.<id>.status-text.<code>.<channel>, as "serviceId.code.channel"). A text written empty
 * refuses the start naming its key (session 32): the operator who writes one means a text, and empty either sent the
 * channels an empty status text (the gateway's) or the next text in its place unnoticed (a service's, a channel's).
 */
public final class StatusTextSettings {
    /** The statuses no regulation step names, whose texts the configuration gives. */
    private static final List<String> GATEWAY_STATUSES = List.of("DELIVERED", "NOT_DELIVERED",
            OverdueSteps.STATUS);

    private StatusTextSettings() {
    }

    public static StatusTexts read(Settings s, List<String> serviceIds, Set<String> channels) {
        Map<String, String> texts = new HashMap<>();
        for (String code : GATEWAY_STATUSES) {
            String key = "qaqpa.status-text." + code;
            texts.put(code, Settings.single(key, s.get(key), Settings.Empty.REFUSED));
        }
        return new StatusTexts(texts, serviceTexts(s, serviceIds, channels));
    }

    private static Map<String, String> serviceTexts(Settings s, List<String> serviceIds, Set<String> channels) {
        Map<String, String> texts = new HashMap<>();
        for (String serviceId : serviceIds) {
            for (String code : GATEWAY_STATUSES) {
                String key = serviceId + "." + code;
                putIfSet(texts, key, s, "qaqpa.service." + serviceId + ".status-text." + code);
                for (String channel : channels) {
                    putIfSet(texts, key + "." + channel, s,
                            "qaqpa.service." + serviceId + ".status-text." + code + "." + channel);
                }
            }
        }
        return texts;
    }

    /** The text of setting {@code setting} under {@code key}, where it is set; written empty, the start is refused. */
    private static void putIfSet(Map<String, String> texts, String key, Settings s, String setting) {
        String text = Settings.single(setting, s.getOrNull(setting), Settings.Empty.REFUSED);
        if (text != null) {
            texts.put(key, text);
        }
    }
}
