package kz.qaqpa.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The gateway's log lines as an operator reads them (logback's root logger, the in-process gateway's), from the
 * moment it is opened until it is closed: what {@code grep} on the gateway's output would find.
 */
public final class LogLines implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogLines() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    /** Every line logged so far (the formatted message) that contains {@code text}. */
    public List<String> containing(String text) {
        return events().stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
    }

    /** The WARN lines logged so far that contain {@code text}. */
    public List<String> warningsContaining(String text) {
        return events().stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
    }

    /** The events logged so far that carry a stack trace. */
    List<String> withStackTrace() {
        return events().stream().filter(e -> e.getThrowableProxy() != null).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** The ERROR lines logged so far by threads whose name contains {@code thread} (a Camel timer's: "timer://"). */
    List<String> errorsOnThreads(String thread) {
        return events().stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR
                && e.getThreadName().contains(thread)).map(e -> e.getThreadName() + ": " + e.getFormattedMessage())
                .toList();
    }

    private List<ILoggingEvent> events() {
        synchronized (appender) { // logback appends under the appender's lock
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
