package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own logging configuration (the jar's logback.xml, as `java -jar` reads it) writes each line with its
 * date and time in UTC: an operator reading a log kept for days, or rotated, knows when each line was written. Until
 * session 33 a line began with the time of day alone, in the machine's zone (ops20).
 */
class LogFormatTest {
    @Test
    void aLineBeginsWithItsDateAndTimeInUtc() throws Exception {
        LoggerContext context = new LoggerContext();
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            URL shipped = LogFormatTest.class.getClassLoader().getResource("logback.xml");
            configurator.doConfigure(shipped);
            ConsoleAppender<?> stdout = (ConsoleAppender<?>) context.getLogger("ROOT").getAppender("STDOUT");
            @SuppressWarnings("unchecked")
            LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder =
                    (LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent>) stdout.getEncoder();
            LoggingEvent event = new LoggingEvent("kz.qaqpa.Test", context.getLogger("kz.qaqpa.Test"), Level.INFO,
                    "application {x} accepted", null, null);
            event.setInstant(Instant.parse("2026-12-31T23:59:59.123Z"));
            String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
            assertThat(line).startsWith("2026-12-31T23:59:59.123Z INFO ").contains("application {x} accepted");
        } finally {
            context.stop();
        }
    }
}
