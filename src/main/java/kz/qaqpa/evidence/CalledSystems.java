package kz.qaqpa.evidence;

import java.util.Optional;
import java.util.function.Function;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

/**
 * Whose organisation signs the answers to the gateway's own calls, as the configuration names it: the settings the
 * gateway's peer check reads ({@code GatewayAssembly}: a state system's answer, logged under its serviceId, must be
 * signed by {@code qaqpa.adapter.<serviceId>.bin}; a callback recipient's, logged under its sender id, by
 * {@code qaqpa.sender.<id>.bin}). Taken from the configuration, never from the log, whose forger would rewrite that
 * too.
 */
public final class CalledSystems {
    private final Function<String, String> setting;

    /** @param setting a setting's value, or null when it is not set */
    CalledSystems(Function<String, String> setting) {
        this.setting = setting;
    }

    public static CalledSystems of(Settings settings) {
        return new CalledSystems(settings::getOrNull);
    }

    /** The setting that names the БИН of the system record {@code r} is the answer of; empty when it answers no call. */
    static Optional<String> settingOf(ChainRecord r) {
        if (MessageChain.STATE_ANSWER.equals(r.kind())) {
            return Optional.of("qaqpa.adapter." + r.operation() + ".bin");
        }
        return MessageChain.CALLBACK_ANSWER.equals(r.kind()) ? Optional.of("qaqpa.sender." + r.peer() + ".bin")
                : Optional.empty();
    }

    /** The system {@code r} answers for, as the log names it: a state system's serviceId or a sender's id. */
    static String systemOf(ChainRecord r) {
        return MessageChain.STATE_ANSWER.equals(r.kind()) ? r.operation() : r.peer();
    }

    /** The configured value of {@code key}, or empty when it is not set. */
    Optional<String> bin(String key) {
        return Optional.ofNullable(setting.apply(key)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
