package kz.qaqpa.store;

import java.util.Map;
import kz.qaqpa.settings.Settings;

/** A store test's {@link MessageLog} as a start makes it: its filter sized by the settings, read from the log. */
public final class MessageLogs {
    private MessageLogs() {
    }

    public static MessageLog of(Database db) {
        Settings settings = Settings.standalone(Map.of());
        LoggedMessageIds logged = LoggedMessageIds.empty(settings.wholeNumber("qaqpa.message-log.filter-entries"),
                settings.integer("qaqpa.message-log.filter-bits-per-entry"));
        return new MessageLog(db, logged.filledFrom(db));
    }
}
