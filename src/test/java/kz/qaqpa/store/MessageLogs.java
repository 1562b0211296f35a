package kz.qaqpa.store;

import java.util.Map;
import kz.qaqpa.settings.Settings;

/** A store test's {@link MessageLog} as a start makes it: its filter sized by the settings, read from the log. */
public final class MessageLogs {
    private MessageLogs() {
    }

    public static MessageLog of(Database db) {
        Settings settings = Settings.standalone(Map.of());
        return new MessageLog(db, LoggedMessageIds.fromSettings(settings).filledFrom(db));
    }
}
