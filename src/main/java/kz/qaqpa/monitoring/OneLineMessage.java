package kz.qaqpa.monitoring;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %oneLineMsg} of the logging configurations: the message, its line breaks escaped ({@link LogText}). */
public final class OneLineMessage extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.oneLine(super.convert(event));
    }
}
