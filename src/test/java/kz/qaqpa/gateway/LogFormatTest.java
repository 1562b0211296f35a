package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own logging configuration (the jar's logback.xml, as `java -jar` reads it) writes each line with its
 * date and time in UTC: an operator reading a log kept for days, or rotated, knows when each line was written. Until
 * session 33 a line began with the time of day alone, in the machine's zone (ops20).
 */
class LogFormatTest {
    @Test
    void aLineBeginsWithItsDateAndTimeInUtc() throws Exception {
        String line = shipped("logback.xml", "STDOUT", "application {x} accepted", null);
        assertThat(line).startsWith("2026-12-31T23:59:59.123Z INFO ").contains("application {x} accepted");
    }

    /**
     * Text a sender or a peer chose (a name, a service id, a peer's fault string, a callback's answer, a header) that
     * reaches a log message, or the message of an exception logged with it, cannot begin a line of its own: a line
     * break and every other control character is written escaped (a line feed as a backslash and an n), in the gateway's
     * log and the verifier's alike. The stack trace of an error stays one frame a line (attack22: before, a message
     * holding "\n2026-... INFO ..." wrote a forged dated line, whatever logged it).
     */
    @Test
    void textWithLineBreaksWritesNoLineOfItsOwn() throws Exception {
        String forged = "2026-12-02T00:00:00.000Z INFO  [main] k.q.c.Faults - forged";
        IllegalStateException error = new IllegalStateException("peer said:\r\n" + forged + "\u2028\u0085\u001b[2J");
        for (String[] config : new String[][] {{"logback.xml", "STDOUT"}, {"logback-verifier.xml", "STDERR"}}) {
            String written = shipped(config[0], config[1], "fault from peer: x\n" + forged + "\rand\u2029more", error);
            List<String> lines = written.lines().toList();
            assertThat(lines).as(config[0]).noneMatch(line -> line.startsWith("2026-12-02T00:00:00"))
                    .noneMatch(line -> line.contains("\u2028") || line.contains("\u2029") || line.contains("\u0085")
                            || line.contains("\u001b"));
            assertThat(lines.get(0)).as(config[0]).contains("fault from peer: x\\n" + forged + "\\rand\\u2029more");
            assertThat(lines.get(1)).as(config[0]).isEqualTo("java.lang.IllegalStateException: peer said:\\r\\n"
                    + forged + "\\u2028\\u0085\\u001b[2J");
            assertThat(lines.subList(2, lines.size())).as(config[0] + ": one frame a line").isNotEmpty()
                    .allMatch(line -> line.startsWith("\tat ") || line.startsWith("\t..."));
        }
    }

    /**
     * attack50: a bidirectional control in a text someone else chose (a right-to-left override in a messageId, an
     * isolate in a sender's name) made a bidi-aware terminal or log viewer show the rest of the line reversed, the
     * gateway's own words included. Each is written escaped, in the message and in an exception's message. Before:
     * written as it came.
     */
    @Test
    void bidirectionalControlsAreWrittenEscaped() throws Exception {
        String controls = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c";
        IllegalStateException error = new IllegalStateException("peer said: " + controls);
        for (String[] config : new String[][] {{"logback.xml", "STDOUT"}, {"logback-verifier.xml", "STDERR"}}) {
            String written = shipped(config[0], config[1], "messageId " + controls + " refused", error);
            assertThat(written.chars()).as(config[0]).noneMatch(c -> controls.indexOf(c) >= 0);
            assertThat(written).as(config[0]).contains("messageId \\u202e\\u202a\\u202b\\u202c\\u202d"
                    + "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c refused")
                    .contains("peer said: \\u202e");
        }
    }

    /**
     * The shipped configurations load without a warning: on one that warns, logback first prints its whole status, some
     * thirty lines of its own dated by the time of day alone, at every start of the gateway, the walkthrough and the
     * verifier (until session 35, for the {@code converterClass} attribute logback 1.5 deprecated).
     */
    @Test
    void theShippedConfigurationsLoadWithoutAWarning() throws Exception {
        for (String configuration : List.of("logback.xml", "logback-verifier.xml")) {
            LoggerContext context = configured(configuration);
            try {
                assertThat(context.getStatusManager().getCopyOfStatusList()).as(configuration)
                        .allMatch(status -> status.getLevel() < Status.WARN, "below WARN");
            } finally {
                context.stop();
            }
        }
    }

    private static String shipped(String configuration, String appender, String message, Throwable error)
            throws Exception {
        LoggerContext context = configured(configuration);
        try {
            OutputStreamAppender<?> out = (OutputStreamAppender<?>) context.getLogger("ROOT").getAppender(appender);
            @SuppressWarnings("unchecked")
            LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder =
                    (LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent>) out.getEncoder();
            LoggingEvent event = new LoggingEvent("kz.qaqpa.Test", context.getLogger("kz.qaqpa.Test"), Level.INFO,
                    message, error, null);
            event.setInstant(Instant.parse("2026-12-31T23:59:59.123Z"));
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }

    private static LoggerContext configured(String configuration) throws JoranException {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL shipped = LogFormatTest.class.getClassLoader().getResource(configuration);
        configurator.doConfigure(shipped);
        return context;
    }
}
